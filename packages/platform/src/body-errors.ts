import { STATUS_CODES } from 'node:http';
import { AppError } from './errors';

// RFC 9110 renamed 413; Node still calls it Payload Too Large.
const titleOf = (status: number) =>
  status === 413 ? 'Content Too Large' : (STATUS_CODES[status] ?? 'Bad Request');

const problem = (status: number, code: string, detail: string) => () =>
  new AppError(status, code, titleOf(status), { detail });

/** body-parser's (and raw-body's) error types, which express 5 passes on with a status. */
const BODY_ERRORS: Record<string, () => AppError> = {
  'entity.parse.failed': problem(
    400,
    'REQUEST.MALFORMED_JSON',
    'The request body is not valid JSON.',
  ),
  'querystring.parse.rangeError': problem(
    400,
    'REQUEST.MALFORMED_FORM',
    'The form nests its fields deeper than this endpoint accepts.',
  ),
  'request.aborted': problem(
    400,
    'REQUEST.ABORTED',
    'The request body ended before it was complete.',
  ),
  'request.size.invalid': problem(
    400,
    'REQUEST.SIZE_MISMATCH',
    'The request body is not as long as its Content-Length says.',
  ),
  'entity.verify.failed': problem(403, 'REQUEST.BODY_REFUSED', 'The request body was refused.'),
  'entity.too.large': problem(
    413,
    'REQUEST.TOO_LARGE',
    'The request body is larger than this endpoint accepts.',
  ),
  'parameters.too.many': problem(
    413,
    'REQUEST.TOO_MANY_PARAMETERS',
    'The form has more fields than this endpoint accepts.',
  ),
  'encoding.unsupported': problem(
    415,
    'REQUEST.UNSUPPORTED_ENCODING',
    'The request body uses a content encoding this service does not accept.',
  ),
  'charset.unsupported': problem(
    415,
    'REQUEST.UNSUPPORTED_CHARSET',
    'The request body must be UTF-8.',
  ),
};

/**
 * The problem for an error the body parser raised, or undefined. Its own message never goes
 * out: it may name internals. An untyped 4xx (a corrupt gzip body) still answers its status;
 * a 5xx from it (a stream read twice) is our bug, so it stays a 500.
 */
export function bodyParserProblem(error: unknown): AppError | undefined {
  const { type, status, expose } = (error ?? {}) as Record<string, unknown>;
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (known) return known();
  // `expose` marks an http-errors error, as body-parser raises them (the router's are not).
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return problem(status, 'REQUEST.UNREADABLE_BODY', 'The request body cannot be read.')();
  }
  return undefined;
}
