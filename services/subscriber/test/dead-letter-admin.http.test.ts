import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { DeadLetter } from '@todo-dapr/contracts';
import { createAccessTokenVerifier, jsonBody, routesTestApp } from '@todo-dapr/platform';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import type { DeadLetterStore } from '../src/dapr/dead-letter-store';
import { deadLetterAdminRoutes } from '../src/http/dead-letter-admin-routes';
import { cloudEvent, todoCreated } from './todo-event-fixtures';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const verifier = createAccessTokenVerifier({
  issuer: 'todo-dapr-auth',
  audience: 'todo-dapr',
  fetchJwks: () =>
    Promise.resolve({ keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid: 'k' }] }),
});
const tokenWith = (roles: string[]) =>
  jwt.sign({ roles }, keys.privateKey, {
    algorithm: 'ES256',
    header: { alg: 'ES256', typ: 'at+jwt' },
    keyid: 'k',
    issuer: 'todo-dapr-auth',
    audience: 'todo-dapr',
    subject: 'ops',
    expiresIn: 60,
    jwtid: randomUUID(),
  });

const event = cloudEvent(todoCreated('user-7'), 'todo_exploded');
const letters = new Map<string, DeadLetter>([
  [
    `todos:${event.id}`,
    {
      id: event.id,
      topic: 'todos',
      type: 'todo_exploded',
      reason: 'no route',
      attempts: 0,
      deadLetteredAt: '2026-11-27T12:00:00.000Z',
      event,
    },
  ],
  [
    'todos:sha256:abc',
    {
      id: 'sha256:abc',
      topic: 'todos',
      type: null,
      reason: 'not a CloudEvent',
      attempts: 0,
      deadLetteredAt: '2026-11-27T12:00:00.000Z',
      event: 'garbage',
    },
  ],
]);
const deadLetters = {
  get: (topic: string, id: string) => Promise.resolve(letters.get(`${topic}:${id}`)),
  markReplayed: (topic: string, id: string, at: Date) => {
    const letter = letters.get(`${topic}:${id}`);
    return Promise.resolve(letter && { ...letter, replayedAt: [at.toISOString()] });
  },
  list: () => Promise.resolve({ total: letters.size, deadLetters: [...letters.values()] }),
} as unknown as DeadLetterStore;
const republished: { topic: string; cloudEvent: unknown; partitionKey?: string }[] = [];

const app = routesTestApp((routes) => {
  routes.use(jsonBody('1mb'));
  routes.use(
    deadLetterAdminRoutes({
      verifier,
      deadLetters,
      republish: (topic, cloudEvent, partitionKey) => {
        republished.push({ topic, cloudEvent, ...(partitionKey && { partitionKey }) });
        return Promise.resolve();
      },
    }),
  );
});
const admin = tokenWith(['user', 'admin']);
const replay = (path: string, token = admin) =>
  request(app).post(path).set('authorization', `Bearer ${token}`);

describe('dead letters for operators', () => {
  beforeEach(() => (republished.length = 0));

  it('lists them for the admin role, and answers 403 to a normal user', async () => {
    const listed = await request(app)
      .get('/admin/dead-letters')
      .set('authorization', `Bearer ${admin}`);
    const refused = await request(app)
      .get('/admin/dead-letters')
      .set('authorization', `Bearer ${tokenWith(['user'])}`);

    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(2);
    expect(refused.status).toBe(403);
  });

  it('sends a CloudEvent back to its topic as it was, keyed by its user, and notes the replay', async () => {
    const response = await replay(`/admin/dead-letters/todos/${event.id}/replay`);

    expect(response.status).toBe(202);
    expect(response.body.replayedAt).toHaveLength(1);
    expect(republished).toEqual([{ topic: 'todos', cloudEvent: event, partitionKey: 'user-7' }]);
  });

  it('answers 422 for a message that is not a CloudEvent, and 404 for an unknown one', async () => {
    const raw = await replay('/admin/dead-letters/todos/sha256:abc/replay');
    const unknown = await replay('/admin/dead-letters/todos/nope/replay');
    const badTopic = await replay(`/admin/dead-letters/elsewhere/${event.id}/replay`);

    expect([raw.status, unknown.status, badTopic.status]).toEqual([422, 404, 404]);
    expect(raw.headers['content-type']).toMatch(/problem\+json/);
    expect(republished).toEqual([]);
  });

  it('answers 403 to a normal user and sends nothing', async () => {
    const response = await replay(
      `/admin/dead-letters/todos/${event.id}/replay`,
      tokenWith(['user']),
    );

    expect(response.status).toBe(403);
    expect(republished).toEqual([]);
  });
});
