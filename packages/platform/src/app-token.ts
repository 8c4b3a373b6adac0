import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { forbidden, unauthorized } from './errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Lets through only pub/sub deliveries from our own sidecar: they carry its `dapr-api-token`
 * (APP_API_TOKEN). The sidecar sends that token on service invocation too, so a call another
 * app invoked (it carries `dapr-caller-app-id`) is refused as well. Hashing first makes the
 * compare constant-time.
 */
export function requireSidecarDelivery(appApiToken: string): RequestHandler {
  const expected = digest(appApiToken);
  return (req, _res, next) => {
    const given = req.get('dapr-api-token');
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw unauthorized('Only this service’s Dapr sidecar may call this route.');
    }
    if (req.get('dapr-caller-app-id') !== undefined) {
      throw forbidden('Events arrive by pub/sub only, never by service invocation.');
    }
    next();
  };
}
