import { isIP } from 'node:net';
import { z } from 'zod';

/** express's `trust proxy`: off, a hop count, or the addresses and ranges of trusted proxies. */
export type TrustProxy = false | number | string[];

const PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `10.0.0.1`, `10.0.0.0/8`, `10.0.0.0/255.0.0.0`, `fd00::/8`, or one of express's presets. */
function isAddressOrRange(item: string): boolean {
  if (PRESETS.has(item)) return true;
  const [address = '', range, ...rest] = item.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (version === 4 ? 32 : 128);
  return version === 4 && isIP(range) === 4;
}

/**
 * TRUST_PROXY: which proxies may name the client in X-Forwarded-For. Off by default, since
 * anyone can send that header; `true` (trust every hop) is refused for the same reason.
 */
export const TrustProxy = z
  .string()
  .default('false')
  .transform((value, ctx): TrustProxy => {
    const text = value.trim();
    if (text === '' || text === 'false' || text === '0') return false;
    if (/^\d+$/.test(text)) return Number(text);
    if (text === 'true') {
      ctx.addIssue({
        code: 'custom',
        message:
          'trusting every hop lets clients pick their own address; give a hop count or the proxies’ addresses',
      });
      return z.NEVER;
    }
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const wrong = items.filter((item) => !isAddressOrRange(item));
    if (wrong.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `not a hop count, address, CIDR range or loopback/linklocal/uniquelocal: ${wrong.join(', ')}`,
      });
      return z.NEVER;
    }
    return items;
  });
