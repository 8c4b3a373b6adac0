import { generateKeyPairSync } from 'node:crypto';
import { createAccessTokenVerifier } from '@todo-dapr/platform';
import jwt from 'jsonwebtoken';
import { issueAccessToken } from '../src/domain/access-token';
import { signingKeysFrom } from '../src/domain/signing-keys';
import { toProfile, type User } from '../src/domain/user';

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
const keys = signingKeysFrom(pem(), pem());
const settings = {
  issuer: 'todo-dapr-auth',
  audience: 'todo-dapr',
  ttlSeconds: 60,
  operatorUserIds: new Set(['id-ops']),
};
const user = (username: string, roles = ['user']): User => ({
  id: `id-${username}`,
  username,
  email: `${username}@example.com`,
  passwordHash: 'x',
  roles,
  createdAt: '2026-11-27T00:00:00Z',
  updatedAt: '2026-11-27T00:00:00Z',
  sessionEpoch: 0,
  eventSequence: 0,
});
const rolesIn = (token: string) => (jwt.decode(token) as { roles: string[] }).roles;

describe('access tokens', () => {
  it('carry the roles stored with the user, the operator role included', () => {
    const operator = user('carla', ['user', 'admin']);

    expect(rolesIn(issueAccessToken(operator, keys, settings))).toEqual(['user', 'admin']);
  });

  it('carry the operator role for a user id in OPERATOR_USER_IDS, once', () => {
    expect(rolesIn(issueAccessToken(user('ops'), keys, settings))).toEqual(['user', 'admin']);
    expect(rolesIn(issueAccessToken(user('ops', ['user', 'admin']), keys, settings))).toEqual([
      'user',
      'admin',
    ]);
  });

  it('never for a name: a user called admin is just a user', () => {
    expect(rolesIn(issueAccessToken(user('admin'), keys, settings))).toEqual(['user']);
  });

  it('and the profile (register, /auth/me) shows the same roles as the token', () => {
    expect(toProfile(user('ops'), settings.operatorUserIds).roles).toEqual(['user', 'admin']);
    expect(toProfile(user('ann'), settings.operatorUserIds).roles).toEqual(['user']);
  });
});

describe('an issued access token', () => {
  it('is typed at+jwt and expires, as every verifier requires', () => {
    const token = jwt.decode(issueAccessToken(user('ann'), keys, settings), { complete: true });

    expect(token?.header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(token?.payload).toMatchObject({ exp: expect.any(Number) });
  });

  it('passes the verifier the other services use', async () => {
    const verifier = createAccessTokenVerifier({
      issuer: settings.issuer,
      audience: settings.audience,
      fetchJwks: () => Promise.resolve(keys.jwks),
    });

    await expect(verifier.verify(issueAccessToken(user('ann'), keys, settings))).resolves.toEqual(
      expect.objectContaining({ id: 'id-ann', roles: ['user'] }),
    );
  });
});
