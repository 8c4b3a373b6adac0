import { PROBLEM_CONTENT_TYPE, type Problem } from '@todo-dapr/contracts';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { bodyParserProblem } from './body-errors';
import { SidecarError } from './dapr/sidecar-error';
import { AppError, serviceUnavailable } from './errors';
import { errorFields, type Logger } from './logger';
import { currentRequestId } from './request-context';

function problemType(code: string): string {
  return `urn:problem:todo-dapr:${code.toLowerCase()}`;
}

export function sendProblem(req: Request, res: Response, error: AppError): void {
  const problem: Problem = {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    code: error.code,
    ...(error.detail && { detail: error.detail }),
    ...(error.errors && { errors: error.errors }),
    instance: req.path,
    ...(currentRequestId() && { requestId: currentRequestId() }),
  };
  res
    .status(error.status)
    .set(error.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem));
}

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // A sidecar that is down or whose component failed (a broker away) is worth a retry.
  if (error instanceof SidecarError && (error.status === 0 || error.status >= 500)) {
    return serviceUnavailable('DAPR.UNAVAILABLE', 'A backing service is unavailable.', error);
  }
  // The router could not decode a path parameter (`/todos/%E0`).
  if (error instanceof URIError && (error as { status?: unknown }).status === 400) {
    return new AppError(400, 'REQUEST.MALFORMED_PATH', 'Bad Request', {
      detail: 'The path has a malformed percent-encoding.',
    });
  }
  return bodyParserProblem(error);
}

/** The central error handler: known errors become problems, anything else a bare 500. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = toAppError(error);
    if (known) {
      // A 5xx we raised on purpose is worth a line when something underneath failed.
      if (known.status >= 500 && known.cause !== undefined) {
        logger.warn(known.message, { code: known.code, ...errorFields(known.cause) });
      }
      sendProblem(req, res, known);
      return;
    }
    logger.error('unhandled error', errorFields(error));
    sendProblem(
      req,
      res,
      new AppError(500, 'INTERNAL', 'Internal Server Error', {
        detail: 'Something went wrong on our side. Quote the request id when reporting it.',
      }),
    );
  };
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError(404, 'ROUTE.NOT_FOUND', 'Not Found', {
    detail: `No route for ${req.method} ${req.path}.`,
  });
};
