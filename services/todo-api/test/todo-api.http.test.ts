import { offlineServiceDeps } from '@todo-dapr/platform';
import request from 'supertest';
import { createApp } from '../src/app';
import { TodoApiConfig } from '../src/config';

const app = createApp(
  offlineServiceDeps(TodoApiConfig, { APP_ID: 'todo-api', CORS_ORIGINS: 'https://app.example' }),
);

describe('todo-api without a token', () => {
  it.each([
    ['get', '/todos'],
    ['post', '/todos'],
    ['delete', '/todos'],
    ['get', '/todos/1'],
    ['patch', '/todos/1'],
    ['delete', '/todos/1'],
  ] as const)('%s %s answers 401 problem+json', async (method, path) => {
    const response = await request(app)[method](path);

    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ['put', '/todos', 'DELETE, GET, HEAD, OPTIONS, POST'],
    ['post', '/todos/2b9d6bcd-bbfd-4b2d-9b5d-ab8dfb4c1e2f', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
  ] as const)(
    '%s %s answers 405 problem+json with Allow, token or not',
    async (method, path, allow) => {
      const response = await request(app)[method](path);

      expect(response.status).toBe(405);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers.allow).toBe(allow);
      expect(response.body.code).toBe('ROUTE.METHOD_NOT_ALLOWED');
    },
  );

  it('answers a CORS preflight for an allowed origin without asking for a token', async () => {
    const response = await request(app)
      .options('/todos/1')
      .set('origin', 'https://app.example')
      .set('access-control-request-method', 'DELETE');

    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example');
  });

  it('when auth cannot be reached for its keys, a token check answers 503, not 500', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${part({ alg: 'ES256', typ: 'at+jwt', kid: 'some-key' })}.${part({ sub: 'u' })}.c2ln`;

    const response = await request(app).get('/todos').set('authorization', `Bearer ${token}`);

    expect(response.status).toBe(503);
    expect(response.body.code).toBe('DAPR.UNAVAILABLE');
  });
});

describe('POST /todos with a body the parser refuses', () => {
  it('a gzip body that is not gzip answers 400 problem+json, with no internals', async () => {
    const response = await request(app)
      .post('/todos')
      .type('json')
      .set('content-encoding', 'gzip')
      .send('{"title":"Milk"}');

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('REQUEST.UNREADABLE_BODY');
    expect(response.text).not.toMatch(/\bat .+:\d+|node_modules|Error:/);
  });

  it('a body larger than 64 KB answers 413 problem+json', async () => {
    const response = await request(app)
      .post('/todos')
      .send({ title: 'x'.repeat(70_000) });

    expect(response.status).toBe(413);
    expect(response.body.code).toBe('REQUEST.TOO_LARGE');
  });
});

describe('GET /openapi.json and /docs', () => {
  it('describe every todo route, generated from the zod schemas', async () => {
    const doc = await request(app).get('/openapi.json');
    const page = await request(app).get('/docs');

    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/docs',
      '/healthz',
      '/metrics',
      '/openapi.json',
      '/readyz',
      '/todos',
      '/todos/{id}',
    ]);
    expect(Object.keys(doc.body.paths['/todos/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(
      doc.body.paths['/todos'].post.requestBody.content['application/json'].schema.properties.title
        .maxLength,
    ).toBe(200);
    expect(page.status).toBe(200);
    expect(page.text).toContain('openapi.json');
  });
});
