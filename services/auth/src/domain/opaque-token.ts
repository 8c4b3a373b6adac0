import { createHash, randomBytes } from 'node:crypto';

/** A random bearer secret (refresh or reset token): 256 bits, URL-safe. */
export const newOpaqueToken = () => randomBytes(32).toString('base64url');

/** Tokens are stored only as this hash; a leaked store reveals no usable token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
