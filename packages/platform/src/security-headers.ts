import type { RequestHandler } from 'express';

/**
 * On every answer: no MIME sniffing (a JSON error must never render as HTML), and HSTS when
 * the request came over TLS (directly, or as a trusted proxy's X-Forwarded-Proto says).
 */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    if (req.secure) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
