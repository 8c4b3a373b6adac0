import { Router } from 'express';
import request from 'supertest';
import { z } from 'zod';
import {
  AppError,
  createLogger,
  createServiceApp,
  createSidecar,
  jsonBody,
  parseOrThrow,
  SidecarError,
} from '../src';

const logger = createLogger('test', 'silent');
let ready = true;

const app = createServiceApp({
  service: 'test',
  logger,
  readiness: { isReady: () => Promise.resolve(ready) },
  trustProxy: false,
  routes: (routes) => {
    routes.use(jsonBody('1kb'));
    routes.post('/things', (req, res) => {
      const body = parseOrThrow(z.strictObject({ name: z.string().min(1) }), req.body);
      res.status(201).json(body);
    });
    routes.get('/things/:id', (_req, res) => res.end());
    routes.get('/boom', () => {
      throw new Error('secret internals at /srv/app.ts:42');
    });
    routes.get('/gone', () => {
      throw new AppError(404, 'THING.NOT_FOUND', 'Not Found', { detail: 'No such thing.' });
    });
    routes.get('/broker-down', () => {
      throw new SidecarError('publish failed', 500, 'ERR_PUBSUB_PUBLISH_MESSAGE');
    });
    const letters = Router();
    letters.use('/letters', () => {
      throw new AppError(401, 'AUTH.UNAUTHORIZED', 'Unauthorized');
    });
    letters.get('/letters/:id', (_req, res) => res.end());
    letters.delete('/letters/:id', (_req, res) => res.end());
    routes.use(letters);
  },
});

const expectProblem = (response: request.Response, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    status,
    code,
    type: expect.stringContaining(code.toLowerCase()),
  });
};

describe('the shared service app', () => {
  it('GET /healthz answers 200 without asking the sidecar', async () => {
    ready = false;

    const response = await request(app).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 503 problem+json while not ready, and 200 once ready', async () => {
    ready = false;
    const notReady = await request(app).get('/readyz');
    ready = true;
    const isReady = await request(app).get('/readyz');

    expectProblem(notReady, 503, 'SIDECAR.NOT_READY');
    expect(notReady.headers['retry-after']).toBe('1');
    expect(isReady.status).toBe(200);
  });

  it('when the body is malformed JSON, answers 400 problem+json', async () => {
    const response = await request(app)
      .post('/things')
      .set('content-type', 'application/json')
      .send('{"name": ');

    expectProblem(response, 400, 'REQUEST.MALFORMED_JSON');
  });

  it('when a field is unknown or wrong, answers 400 with the field paths', async () => {
    const response = await request(app).post('/things').send({ name: '', colour: 'red' });

    expectProblem(response, 400, 'REQUEST.INVALID');
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'colour',
      'name',
    ]);
  });

  it('when the body is larger than the limit, answers 413', async () => {
    const response = await request(app)
      .post('/things')
      .send({ name: 'x'.repeat(2048) });

    expectProblem(response, 413, 'REQUEST.TOO_LARGE');
  });

  it('when the body is not JSON, answers 415', async () => {
    const response = await request(app)
      .post('/things')
      .set('content-type', 'text/plain')
      .send('name=x');

    expectProblem(response, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts a JSON content type with no body, as browsers send on GET', async () => {
    const response = await request(app).get('/healthz').set('content-type', 'application/json');

    expect(response.status).toBe(200);
  });

  it('when a handler fails unexpectedly, answers a bare 500 with no internals', async () => {
    const response = await request(app).get('/boom');

    expectProblem(response, 500, 'INTERNAL');
    expect(JSON.stringify(response.body)).not.toMatch(/secret|srv|stack/);
  });

  it('passes an AppError through as its problem', async () => {
    const response = await request(app).get('/gone');

    expectProblem(response, 404, 'THING.NOT_FOUND');
    expect(response.body.detail).toBe('No such thing.');
  });

  it('when a sidecar component fails, answers 503 with Retry-After', async () => {
    const response = await request(app).get('/broker-down');

    expectProblem(response, 503, 'DAPR.UNAVAILABLE');
    expect(response.headers['retry-after']).toBe('1');
  });

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await request(app).delete('/nowhere'), 404, 'ROUTE.NOT_FOUND');
  });

  it('answers a method the path does not have with 405 problem+json and Allow', async () => {
    const response = await request(app).put('/things').send({ name: 'x' });

    expectProblem(response, 405, 'ROUTE.METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe('OPTIONS, POST');
  });

  it('lists the methods of every route on a templated path, nested routers included', async () => {
    const response = await request(app).patch('/letters/7');

    expectProblem(response, 405, 'ROUTE.METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe('DELETE, GET, HEAD, OPTIONS');
  });

  it('answers 405 before the middleware in front of the routes (no token needed to learn it)', async () => {
    const wrongMethod = await request(app).post('/letters/7');
    const rightMethod = await request(app).get('/letters/7');

    expect(wrongMethod.status).toBe(405);
    expect(rightMethod.status).toBe(401);
  });

  it('answers a path parameter with a malformed %-escape with 400, not 500', async () => {
    const response = await request(app).get('/things/%E0');

    expectProblem(response, 400, 'REQUEST.MALFORMED_PATH');
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const response = await request(app).options('/healthz');

    expect(response.status).toBe(204);
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('tells browsers not to sniff any answer, problems and probes included', async () => {
    const answers = await Promise.all(
      ['/healthz', '/things/1', '/nowhere', '/boom'].map((path) => request(app).get(path)),
    );

    expect(answers.map((a) => a.headers['x-content-type-options'])).toEqual(
      Array(4).fill('nosniff'),
    );
  });

  it('sends HSTS only for a request that came over TLS, as a trusted proxy says', async () => {
    const behindTls = createServiceApp({
      service: 'test',
      logger,
      readiness: { isReady: () => Promise.resolve(true) },
      trustProxy: ['loopback'],
      routes: () => undefined,
    });

    const overTls = await request(behindTls).get('/healthz').set('x-forwarded-proto', 'https');
    const plain = await request(behindTls).get('/healthz');
    const untrusted = await request(app).get('/healthz').set('x-forwarded-proto', 'https');

    expect(overTls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(untrusted.headers['strict-transport-security']).toBeUndefined();
  });

  it('echoes a sane X-Request-Id and puts it in problems', async () => {
    const response = await request(app).get('/gone').set('x-request-id', 'req-123');

    expect(response.headers['x-request-id']).toBe('req-123');
    expect(response.body.requestId).toBe('req-123');
  });

  it('replaces an unsafe X-Request-Id with a fresh one', async () => {
    const response = await request(app).get('/healthz').set('x-request-id', 'a b<script>');

    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics that count requests by route', async () => {
    await request(app).get('/gone');

    const response = await request(app).get('/metrics');

    expect(response.status).toBe(200);
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="GET",route="\/gone",status="404"\} \d+/,
    );
  });
});

describe('a sidecar that is not running', () => {
  it('is reported not ready, and a call to it fails with status 0', async () => {
    const sidecar = createSidecar({ host: '127.0.0.1', httpPort: 1, timeoutMs: 500 });

    const isReady = await sidecar.isReady();
    const call = sidecar.state.get('store', 'key');

    expect(isReady).toBe(false);
    await expect(call).rejects.toMatchObject({ name: 'SidecarError', status: 0 });
  });
});
