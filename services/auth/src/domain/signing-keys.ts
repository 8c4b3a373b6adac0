import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { Jwks } from '@todo-dapr/platform';

export interface SigningKeys {
  current: { kid: string; privateKey: KeyObject };
  /** The current and the previous public key, so tokens signed before a rotation still verify. */
  jwks: Jwks;
}

/** RFC 7638 thumbprint: the same key always gets the same `kid`. */
function thumbprint(publicKey: KeyObject): string {
  const { crv, kty, x, y } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
}

function publicJwk(privateKeyPem: string) {
  const publicKey = createPublicKey(createPrivateKey(privateKeyPem));
  const kid = thumbprint(publicKey);
  return { kid, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' } };
}

/** Builds the keys from the two PEMs kept in the secret store (current, previous). */
export function signingKeysFrom(currentPem: string, previousPem: string): SigningKeys {
  const current = publicJwk(currentPem);
  const previous = publicJwk(previousPem);
  return {
    current: { kid: current.kid, privateKey: createPrivateKey(currentPem) },
    jwks: { keys: [current.jwk, previous.jwk] },
  };
}
