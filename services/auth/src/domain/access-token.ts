import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE } from '@todo-dapr/platform';
import jwt from 'jsonwebtoken';
import type { SigningKeys } from './signing-keys';
import { rolesOf, type User } from './user';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** User ids whose tokens carry the operator role, whatever their stored roles (OPERATOR_USER_IDS). */
  operatorUserIds: ReadonlySet<string>;
}

/**
 * A short-lived ES256 access token: iss, aud, sub, iat, exp, jti, roles, and in its header
 * the key's kid and `typ: at+jwt` (RFC 9068), which verifiers require.
 */
export function issueAccessToken(user: User, keys: SigningKeys, settings: AccessTokenSettings) {
  return jwt.sign({ roles: rolesOf(user, settings.operatorUserIds) }, keys.current.privateKey, {
    algorithm: ACCESS_TOKEN_ALGORITHM,
    header: { alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE },
    keyid: keys.current.kid,
    issuer: settings.issuer,
    audience: settings.audience,
    subject: user.id,
    expiresIn: settings.ttlSeconds,
    jwtid: randomUUID(),
  });
}
