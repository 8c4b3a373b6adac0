import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SigningKeys } from './signing-keys';
import type { User } from './user';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Lower-case usernames whose tokens carry the `admin` role (operators). */
  adminUsernames: ReadonlySet<string>;
}

/** Roles come from configuration at issue time, so revoking one is a config change. */
const rolesOf = (user: User, settings: AccessTokenSettings) =>
  settings.adminUsernames.has(user.username.toLowerCase()) ? [...user.roles, 'admin'] : user.roles;

/** A short-lived ES256 access token: iss, aud, sub, iat, exp, jti, roles, and the key's kid. */
export function issueAccessToken(user: User, keys: SigningKeys, settings: AccessTokenSettings) {
  return jwt.sign({ roles: rolesOf(user, settings) }, keys.current.privateKey, {
    algorithm: 'ES256',
    keyid: keys.current.kid,
    issuer: settings.issuer,
    audience: settings.audience,
    subject: user.id,
    expiresIn: settings.ttlSeconds,
    jwtid: randomUUID(),
  });
}
