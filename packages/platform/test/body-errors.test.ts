import { bodyParserProblem } from '../src/body-errors';

/** An error as body-parser raises it (http-errors: status, expose, type). */
const raised = (status: number, type?: string) =>
  Object.assign(new Error(`secret internals at /srv/node_modules/x.js:1`), {
    status,
    statusCode: status,
    expose: status < 500,
    ...(type && { type }),
  });

describe('bodyParserProblem', () => {
  it.each([
    ['entity.parse.failed', 400, 400, 'REQUEST.MALFORMED_JSON'],
    ['querystring.parse.rangeError', 400, 400, 'REQUEST.MALFORMED_FORM'],
    ['request.aborted', 400, 400, 'REQUEST.ABORTED'],
    ['request.size.invalid', 400, 400, 'REQUEST.SIZE_MISMATCH'],
    ['entity.verify.failed', 403, 403, 'REQUEST.BODY_REFUSED'],
    ['entity.too.large', 413, 413, 'REQUEST.TOO_LARGE'],
    ['parameters.too.many', 413, 413, 'REQUEST.TOO_MANY_PARAMETERS'],
    ['encoding.unsupported', 415, 415, 'REQUEST.UNSUPPORTED_ENCODING'],
    ['charset.unsupported', 415, 415, 'REQUEST.UNSUPPORTED_CHARSET'],
    [undefined, 400, 400, 'REQUEST.UNREADABLE_BODY'],
  ])('maps %s (%i) to %i %s, with a detail of its own', (type, raisedStatus, status, code) => {
    const problem = bodyParserProblem(raised(raisedStatus, type));

    expect(problem).toMatchObject({ status, code });
    expect(problem?.detail).not.toMatch(/internals/);
  });

  it('leaves a 5xx (a stream read twice: our bug) to the 500 handler', () => {
    expect(bodyParserProblem(raised(500, 'stream.not.readable'))).toBeUndefined();
    expect(bodyParserProblem(new Error('boom'))).toBeUndefined();
  });
});
