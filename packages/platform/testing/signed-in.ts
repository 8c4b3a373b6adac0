import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createAccessTokenVerifier } from '../src/auth/access-token-verifier';
import jwt from 'jsonwebtoken';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const settings = { issuer: 'todo-dapr-auth', audience: 'todo-dapr' };

/** The JWKS that auth would publish for `tokenFor`'s key. */
export const testJwks = { keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid: 'k' }] };

/** A verifier that trusts `tokenFor`'s key, for route tests without auth. */
export const testVerifier = createAccessTokenVerifier({
  ...settings,
  fetchJwks: () => Promise.resolve(testJwks),
});

/** An access token as auth issues them (ES256, typ at+jwt, exp). */
export const tokenFor = (userId: string) =>
  jwt.sign({ roles: ['user'] }, keys.privateKey, {
    algorithm: 'ES256',
    header: { alg: 'ES256', typ: 'at+jwt' },
    keyid: 'k',
    ...settings,
    subject: userId,
    expiresIn: 60,
    jwtid: randomUUID(),
  });
