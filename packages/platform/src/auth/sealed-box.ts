import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
// GCM also accepts shorter tags, which are easier to forge: only full ones count.
const TAG_BYTES = 16;

// JSON keeps the parts apart: ['a:b', 'c'] and ['a', 'b:c'] bind differently.
const associatedDataOf = (boundTo: readonly string[]) => Buffer.from(JSON.stringify(boundTo));

/**
 * AES-256-GCM with a key shared through the secret store, so a secret (a reset token)
 * can cross the broker without being readable there. `boundTo` (e.g. the user id and the
 * event id) is authenticated, not sent: the value opens only where it was meant to.
 * Output: iv.ciphertext.tag, base64url.
 */
export function seal(plaintext: string, keyBase64: string, boundTo: readonly string[]): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, Buffer.from(keyBase64, 'base64'), iv, {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(associatedDataOf(boundTo));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

/** The plaintext; throws unless key, `boundTo` and every byte are as sealed. */
export function open(sealed: string, keyBase64: string, boundTo: readonly string[]): string {
  const [iv, body, tag, ...rest] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !body || !tag || rest.length > 0 || iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new Error('Malformed sealed value');
  const decipher = createDecipheriv(ALGORITHM, Buffer.from(keyBase64, 'base64'), iv, {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(associatedDataOf(boundTo));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
