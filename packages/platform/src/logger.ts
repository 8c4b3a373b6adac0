import winston from 'winston';
import { currentRequestId } from './request-context';

export type Logger = winston.Logger;

const withRequestId = winston.format((info) => {
  const requestId = currentRequestId();
  if (requestId) info.requestId = requestId;
  return info;
});

/** JSON lines on stdout, each with the service name and, inside a request, its id. */
export function createLogger(service: string, level = 'info'): Logger {
  return winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    defaultMeta: { service },
    format: winston.format.combine(
      withRequestId(),
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
      winston.format.json(),
    ),
    transports: [new winston.transports.Console()],
  });
}

/** Error objects serialise to `{}` in JSON; log their useful parts instead. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    error: error.message,
    errorName: error.name,
    ...(code !== undefined && { errorCode: code }),
    stack: error.stack,
    ...(error.cause !== undefined && { cause: errorFields(error.cause) }),
  };
}
