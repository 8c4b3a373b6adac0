import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SigningKeys } from './signing-keys';
import type { User } from './user';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** A short-lived ES256 access token: iss, aud, sub, iat, exp, jti, and the key's kid. */
export function issueAccessToken(user: User, keys: SigningKeys, settings: AccessTokenSettings) {
  return jwt.sign({ roles: user.roles }, keys.current.privateKey, {
    algorithm: 'ES256',
    keyid: keys.current.kid,
    issuer: settings.issuer,
    audience: settings.audience,
    subject: user.id,
    expiresIn: settings.ttlSeconds,
    jwtid: randomUUID(),
  });
}
