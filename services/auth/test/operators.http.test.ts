import { loadConfig } from '@todo-dapr/platform';
import { memoryStateApi } from '@todo-dapr/platform/testing';
import type { Express } from 'express';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { AuthConfig } from '../src/config';
import { createAuthStore } from '../src/dapr/auth-store';
import { setOperator } from '../src/domain/operators';
import { authTestApp } from './support/test-app';

const password = 'a long and lovely passphrase';
const rolesIn = (token: string) => (jwt.decode(token) as { roles: string[] }).roles;

async function registerAndLogIn(app: Express, username: string) {
  const registered = await request(app)
    .post('/auth/register')
    .send({ username, email: `${username}@example.com`, password });
  const login = await request(app).post('/auth/login').send({ username, password });
  expect([registered.status, login.status]).toEqual([201, 200]);
  return { id: registered.body.id as string, refreshToken: login.body.refresh_token as string };
}

const refresh = async (app: Express, refreshToken: string) =>
  (await request(app).post('/auth/refresh').send({ refresh_token: refreshToken })).body as {
    access_token: string;
    refresh_token: string;
  };

describe('operators', () => {
  it('registering as `admin` makes nobody an operator', async () => {
    const { app } = authTestApp();

    const response = await request(app)
      .post('/auth/register')
      .send({ username: 'admin', email: 'admin@example.com', password });

    expect(response.body.roles).toEqual(['user']);
  });

  it('the operator step stores the role: the next refresh and /auth/me carry it', async () => {
    const { app, memory } = authTestApp();
    const { refreshToken } = await registerAndLogIn(app, 'olga');

    const change = await setOperator(createAuthStore(memory.state), 'Olga', true);
    const tokens = await refresh(app, refreshToken);
    const me = await request(app).get('/auth/me').auth(tokens.access_token, { type: 'bearer' });

    expect(change).toBe('granted');
    expect(rolesIn(tokens.access_token)).toEqual(['user', 'admin']);
    expect(me.body.roles).toEqual(['user', 'admin']);
  });

  it('revoking takes the role out of the next refresh; repeating a step changes nothing', async () => {
    const { app, memory } = authTestApp();
    const store = createAuthStore(memory.state);
    const { refreshToken } = await registerAndLogIn(app, 'pete');
    await setOperator(store, 'pete', true);

    const again = await setOperator(store, 'pete', true);
    const revoked = await setOperator(store, 'pete', false);
    const tokens = await refresh(app, refreshToken);

    expect([again, revoked]).toEqual(['unchanged', 'revoked']);
    expect(rolesIn(tokens.access_token)).toEqual(['user']);
  });

  it('only makes an existing user an operator', async () => {
    const { memory } = authTestApp();

    const change = setOperator(createAuthStore(memory.state), 'nobody', true);

    await expect(change).rejects.toMatchObject({ status: 404, code: 'USER.NOT_FOUND' });
  });

  it('OPERATOR_USER_IDS gives the role by user id, not by name', async () => {
    const store = memoryStateApi();
    const { id } = await registerAndLogIn(authTestApp({}, store).app, 'quinn');
    const { app } = authTestApp({ OPERATOR_USER_IDS: id }, store);

    const login = await request(app).post('/auth/login').send({ username: 'quinn', password });

    expect(rolesIn(login.body.access_token)).toEqual(['user', 'admin']);
  });

  it('ADMIN_USERNAMES stops the start and says what replaced it', () => {
    const env = { APP_ID: 'auth', APP_PORT: '0', ADMIN_USERNAMES: 'admin' };

    expect(() => loadConfig(AuthConfig, env)).toThrow(
      /ADMIN_USERNAMES: no longer read: .*npm run operator/,
    );
  });
});
