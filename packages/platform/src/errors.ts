import type { FieldError } from '@todo-dapr/contracts';

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error type the services throw on purpose. `code` is a stable string
 * ('TODO.NOT_FOUND') that survives logs, problem bodies and pub/sub boundaries.
 */
export class AppError extends Error {
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    options: AppErrorOptions = {},
  ) {
    super(options.detail ?? title, { cause: options.cause });
    this.name = 'AppError';
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'REQUEST.INVALID', 'Bad Request', { detail, errors });

export const notFound = (code: string, detail: string) =>
  new AppError(404, code, 'Not Found', { detail });

export const unauthorized = (detail: string) =>
  new AppError(401, 'AUTH.UNAUTHORIZED', 'Unauthorized', {
    detail,
    headers: { 'WWW-Authenticate': 'Bearer' },
  });

export const forbidden = (detail: string) =>
  new AppError(403, 'AUTH.FORBIDDEN', 'Forbidden', { detail });

export const serviceUnavailable = (code: string, detail: string, cause?: unknown) =>
  new AppError(503, code, 'Service Unavailable', {
    detail,
    cause,
    headers: { 'Retry-After': '1' },
  });
