import { jsonBody, routesTestApp } from '@todo-dapr/platform';
import request from 'supertest';
import type { TodoCommands } from '../src/domain/todo-commands';
import type { TodoQueries } from '../src/domain/todo-queries';
import { todoRoutes } from '../src/http/todo-routes';
import { testVerifier, tokenFor } from '@todo-dapr/platform/testing';
import { milk } from './support/todo-record';

const created: { idempotencyKey: string | undefined }[] = [];
const todo = milk;
const commands = {
  create: (_userId: string, _body: unknown, idempotencyKey?: string) => {
    created.push({ idempotencyKey });
    return Promise.resolve({ todo, replayed: false });
  },
} as unknown as TodoCommands;

const app = routesTestApp((routes) => {
  routes.use(jsonBody('64kb'));
  routes.use(
    todoRoutes({
      verifier: testVerifier,
      commands,
      queries: {} as TodoQueries,
      publicUrl: 'http://todo.example',
    }),
  );
});
const post = (idempotencyKey: string) =>
  request(app)
    .post('/todos')
    .set('authorization', `Bearer ${tokenFor('u1')}`)
    .set('idempotency-key', idempotencyKey)
    .send({ title: 'Milk' });

describe('POST /todos with an Idempotency-Key', () => {
  beforeEach(() => (created.length = 0));

  it('passes a key of up to 255 printable ASCII characters on', async () => {
    const key = `${'k'.repeat(250)} ~!:/`;

    const response = await post(key);

    expect(response.status).toBe(201);
    expect(created).toEqual([{ idempotencyKey: key }]);
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['not ASCII', 'clé-1'],
    ['empty', ''],
  ])('when the key is %s, answers 400 problem+json naming the header', async (_name, key) => {
    const response = await post(key);

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'REQUEST.INVALID',
      errors: [{ path: 'Idempotency-Key' }],
    });
    expect(created).toEqual([]);
  });
});

describe('POST /todos with a dueAt', () => {
  it('whose offset moves it past year 9999 in UTC, answers 400 on dueAt', async () => {
    const response = await request(app)
      .post('/todos')
      .set('authorization', `Bearer ${tokenFor('u1')}`)
      .send({ title: 'Milk', dueAt: '9999-12-31T23:00:00-02:00' });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'dueAt' })]);
  });
});

describe('POST /todos with a priority', () => {
  it('that is not low, normal or high, answers 400 problem+json on priority', async () => {
    const response = await request(app)
      .post('/todos')
      .set('authorization', `Bearer ${tokenFor('u1')}`)
      .send({ title: 'Milk', priority: 'urgent' });

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'REQUEST.INVALID',
      errors: [expect.objectContaining({ path: 'priority' })],
    });
  });
});

describe('PATCH /todos/:id with a priority', () => {
  it('that is null or not low, normal or high, answers 400 problem+json on priority', async () => {
    for (const priority of [null, 'HIGH', 3]) {
      const response = await request(app)
        .patch('/todos/00000000-0000-4000-8000-000000000001')
        .set('authorization', `Bearer ${tokenFor('u1')}`)
        .send({ priority });

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'priority' })]);
    }
  });
});
