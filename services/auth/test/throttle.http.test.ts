import request from 'supertest';
import type { Express } from 'express';
import { memoryStateApi } from '@todo-dapr/platform/testing';
import { authTestApp } from './support/test-app';

const password = 'a long and lovely passphrase';
const behindProxy = { TRUST_PROXY: 'loopback' };

async function register(app: Express, username: string) {
  const response = await request(app)
    .post('/auth/register')
    .send({ username, email: `${username}@example.com`, password });
  expect(response.status).toBe(201);
}

const logIn = (app: Express, username: string, secret: string, client = '203.0.113.1') =>
  request(app)
    .post('/auth/login')
    .set('x-forwarded-for', client)
    .send({ username, password: secret });

async function failFiveTimes(app: Express, username: string, client?: string) {
  const statuses = [];
  for (let i = 0; i < 5; i += 1)
    statuses.push((await logIn(app, username, 'wrong!', client)).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401]);
}

describe('POST /auth/login throttling', () => {
  it('after too many attempts from one address, answers 429 with Retry-After', async () => {
    const { app } = authTestApp({ LOGIN_ATTEMPTS_PER_CLIENT: '3' });
    const attempt = () => request(app).post('/auth/login').send({ username: 'x', password: 'y' });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await attempt());

    const last = answers.at(-1);
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
    expect(last?.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('behind a trusted proxy, counts each client on its own', async () => {
    const { app } = authTestApp({ ...behindProxy, LOGIN_ATTEMPTS_PER_CLIENT: '3' });
    for (let i = 0; i < 3; i += 1) await logIn(app, `user${i}`, 'wrong!', '203.0.113.1');

    const sameClient = await logIn(app, 'someone', 'wrong!', '203.0.113.1');
    const otherClient = await logIn(app, 'someone', 'wrong!', '203.0.113.2');

    expect(sameClient.status).toBe(429);
    expect(otherClient.status).toBe(401);
  });

  it('after 5 failures with one name from one client, refuses the next try with 429, even with the right password', async () => {
    const { app } = authTestApp(behindProxy);
    await register(app, 'alice');
    await failFiveTimes(app, 'alice');

    const rightPassword = await logIn(app, 'ALICE', password);

    expect(rightPassword.status).toBe(429);
    expect(Number(rightPassword.headers['retry-after'])).toBe(5);
  });

  it('a name’s failures from one client do not delay another client', async () => {
    const { app } = authTestApp(behindProxy);
    await register(app, 'bob');
    await failFiveTimes(app, 'bob', '203.0.113.66');

    const owner = await logIn(app, 'bob', password, '198.51.100.9');

    expect(owner.status).toBe(200);
  });

  it('a successful login forgets the failures', async () => {
    const { app } = authTestApp(behindProxy);
    await register(app, 'carol');
    for (let i = 0; i < 4; i += 1) await logIn(app, 'carol', 'wrong!');
    expect((await logIn(app, 'carol', password)).status).toBe(200);

    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await logIn(app, 'carol', 'wrong!')).status);

    expect(statuses).toEqual([401, 401, 401, 401]);
  });

  it('keeps its counters in the state store, so replicas share them', async () => {
    const store = memoryStateApi();
    const replicaA = authTestApp(behindProxy, store).app;
    const replicaB = authTestApp(behindProxy, store).app;
    await register(replicaA, 'dora');
    await failFiveTimes(replicaA, 'dora');

    const atReplicaB = await logIn(replicaB, 'dora', password);

    expect(atReplicaB.status).toBe(429);
    expect([...store.rows.keys()].filter((key) => key.startsWith('throttle:'))).not.toHaveLength(0);
  });
});

/** The statuses of `times` calls of `send`, one after another. */
async function statusesOf(times: number, send: (i: number) => request.Test) {
  const statuses = [];
  for (let i = 0; i < times; i += 1) statuses.push((await send(i)).status);
  return statuses;
}

describe('the limits of the other routes', () => {
  const { app } = authTestApp({
    ...behindProxy,
    REGISTRATIONS_PER_CLIENT: '2',
    REGISTRATIONS_PER_EMAIL: '2',
    REFRESHES_PER_CLIENT: '2',
    RESET_REQUESTS_PER_CLIENT: '2',
    RESET_REQUESTS_PER_EMAIL: '2',
    RESET_CONFIRMS_PER_CLIENT: '2',
  });
  const from = (client: string, path: string, body: object) =>
    request(app).post(path).set('x-forwarded-for', client).send(body);
  const registration = (email: string) => ({ username: 'erin', email, password });

  it('POST /auth/register: per client address', async () => {
    const statuses = await statusesOf(3, (i) =>
      from('203.0.113.10', '/auth/register', registration(`erin${i}@example.com`)),
    );

    expect(statuses).toEqual([201, 409, 429]);
  });

  it('POST /auth/register: per e-mail address, from any client', async () => {
    const statuses = await statusesOf(3, (i) =>
      from(`203.0.113.2${i}`, '/auth/register', registration('frank@example.com')),
    );

    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses[2]).toBe(429);
  });

  it('POST /auth/refresh: per client address', async () => {
    const statuses = await statusesOf(3, () =>
      from('203.0.113.30', '/auth/refresh', { refresh_token: 'not one' }),
    );

    expect(statuses).toEqual([401, 401, 429]);
  });

  it('POST /auth/password-reset: per client address', async () => {
    const statuses = await statusesOf(3, (i) =>
      from('203.0.113.40', '/auth/password-reset', { email: `gina${i}@example.com` }),
    );

    expect(statuses).toEqual([202, 202, 429]);
  });

  it('POST /auth/password-reset: per e-mail address, from any client', async () => {
    const statuses = await statusesOf(3, (i) =>
      from(`203.0.113.5${i}`, '/auth/password-reset', { email: 'HANK@example.com' }),
    );

    expect(statuses).toEqual([202, 202, 429]);
  });

  it('POST /auth/password-reset/confirm: per client address', async () => {
    const statuses = await statusesOf(3, () =>
      from('203.0.113.60', '/auth/password-reset/confirm', { token: 'not one', password }),
    );

    expect(statuses).toEqual([400, 400, 429]);
  });

  it('a refused answer says how long is left of the window', async () => {
    await statusesOf(3, () => from('203.0.113.70', '/auth/refresh', { refresh_token: 'x' }));

    const refused = await from('203.0.113.70', '/auth/refresh', { refresh_token: 'x' });

    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
  });
});
