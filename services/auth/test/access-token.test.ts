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
  adminUsernames: new Set(['ops']),
};
const user = (username: string): User => ({
  id: `id-${username}`,
  username,
  email: `${username}@example.com`,
  passwordHash: 'x',
  roles: ['user'],
  createdAt: '2026-11-27T00:00:00Z',
  updatedAt: '2026-11-27T00:00:00Z',
  sessionEpoch: 0,
  eventSequence: 0,
});
const rolesIn = (token: string) => (jwt.decode(token) as { roles: string[] }).roles;

describe('access tokens', () => {
  it('carry the admin role for a configured operator, whatever the case of the name', () => {
    expect(rolesIn(issueAccessToken(user('Ops'), keys, settings))).toEqual(['user', 'admin']);
  });

  it('carry only the stored roles for anyone else', () => {
    expect(rolesIn(issueAccessToken(user('ann'), keys, settings))).toEqual(['user']);
  });

  it('and the profile (register, /auth/me) shows the same roles as the token', () => {
    expect(toProfile(user('Ops'), settings.adminUsernames).roles).toEqual(['user', 'admin']);
    expect(toProfile(user('ann'), settings.adminUsernames).roles).toEqual(['user']);
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
