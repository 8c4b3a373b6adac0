import type { RequestHandler } from 'express';

const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS =
  'Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id';
const EXPOSED_HEADERS = 'ETag, Link, Location, Retry-After, X-Request-Id';

/**
 * CORS for browser clients from `origins` (`*` allows any). Preflights answer 204 with the
 * methods and headers the API uses; other origins get no CORS headers, so browsers refuse.
 */
export function cors(origins: string[]): RequestHandler {
  const anyOrigin = origins.includes('*');
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin || !(anyOrigin || origins.includes(origin))) {
      next();
      return;
    }
    res.vary('Origin');
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.set({
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      res.status(204).end();
      return;
    }
    next();
  };
}
