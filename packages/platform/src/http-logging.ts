import type { RequestHandler } from 'express';
import type { Logger } from './logger';

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** One access-log line per request; the query string is left out because it may carry secrets. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (PROBE_PATHS.has(req.path)) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const level = res.statusCode >= 500 ? 'error' : 'info';
      // winston builds and formats a line before its level filter drops it: skip that work.
      if (!logger.isLevelEnabled(level)) return;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.log(level, 'request', {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      });
    });
    next();
  };
}
