import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { unauthorized } from './errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Lets through only requests that carry our sidecar's `dapr-api-token` (APP_API_TOKEN),
 * so nobody but the sidecar can deliver events. Hashing first makes the compare constant-time.
 */
export function requireAppToken(appApiToken: string): RequestHandler {
  const expected = digest(appApiToken);
  return (req, _res, next) => {
    const given = req.get('dapr-api-token');
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw unauthorized('Only this service’s Dapr sidecar may call this route.');
    }
    next();
  };
}
