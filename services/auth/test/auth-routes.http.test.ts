import { offlineServiceDeps } from '@todo-dapr/platform';
import request from 'supertest';
import { createApp } from '../src/app';
import { AuthConfig } from '../src/config';

// No sidecar: what auth decides before it needs one (see throttle.http.test.ts for the rest).
const app = createApp(offlineServiceDeps(AuthConfig, { APP_ID: 'auth' }));

const problemOf = (response: request.Response) => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.body as { code: string; errors?: { path: string }[] };
};
const pathsOf = (response: request.Response) =>
  (problemOf(response).errors ?? []).map((e) => e.path).sort();

describe('POST /auth/register', () => {
  it('when the body is malformed JSON, answers 400', async () => {
    const response = await request(app).post('/auth/register').type('json').send('{"username":');

    expect(response.status).toBe(400);
    expect(problemOf(response).code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('when fields are missing, wrong or unknown, answers 400 with every path', async () => {
    const response = await request(app)
      .post('/auth/register')
      .send({ username: 'a', email: 'not-an-email', password: 'short', admin: true });

    expect(response.status).toBe(400);
    expect(pathsOf(response)).toEqual(['admin', 'email', 'password', 'username']);
  });

  it('when the password contains the username, answers 400 on password', async () => {
    const response = await request(app)
      .post('/auth/register')
      .send({ username: 'dora', email: 'dora@example.com', password: 'my-name-is-dora-123' });

    expect(response.status).toBe(400);
    expect(pathsOf(response)).toEqual(['password']);
  });

  it('when the body is too large, answers 413', async () => {
    const response = await request(app)
      .post('/auth/register')
      .send({ username: 'x'.repeat(10_000), email: 'a@b.c', password: 'p' });

    expect(response.status).toBe(413);
  });

  it('when the body is not JSON, answers 415', async () => {
    const response = await request(app).post('/auth/register').type('text/plain').send('hello');

    expect(response.status).toBe(415);
  });
});

describe('POST /auth/login', () => {
  it('when credentials come in the query string, refuses them with 400 and says why', async () => {
    const response = await request(app)
      .post('/auth/login?username=alice&password=secret123456')
      .send({});

    expect(response.status).toBe(400);
    expect(problemOf(response).code).toBe('AUTH.CREDENTIALS_IN_QUERY');
  });

  it('accepts a form-encoded body but still validates it', async () => {
    const response = await request(app)
      .post('/auth/login')
      .type('form')
      .send({ username: 'alice', password: 'x', grant_type: 'client_credentials' });

    expect(response.status).toBe(400);
    expect(pathsOf(response)).toEqual(['grant_type']);
  });

  it('refuses other content types with 415', async () => {
    const response = await request(app).post('/auth/login').type('text/plain').send('alice:secret');

    expect(response.status).toBe(415);
  });
});

describe('POST /auth/login with a body the parser refuses', () => {
  const login = () => request(app).post('/auth/login');
  const fields = (count: number) =>
    Array.from({ length: count }, (_, i) => `field${i}=x`).join('&');

  it.each([
    [
      'a form with more than 20 fields',
      413,
      'REQUEST.TOO_MANY_PARAMETERS',
      () => login().type('form').send(fields(21)),
    ],
    [
      'a gzip body that is not gzip',
      400,
      'REQUEST.UNREADABLE_BODY',
      () => login().type('form').set('content-encoding', 'gzip').send('username=alice'),
    ],
    [
      'a form in a charset other than UTF-8',
      415,
      'REQUEST.UNSUPPORTED_CHARSET',
      () =>
        login()
          .set('content-type', `application/x-www-form-urlencoded; charset=utf-16`)
          .send('a=b'),
    ],
    [
      'an unknown content encoding',
      415,
      'REQUEST.UNSUPPORTED_ENCODING',
      () => login().type('form').set('content-encoding', 'compress').send('a=b'),
    ],
  ])('%s answers %i problem+json, with no internals', async (_name, status, code, send) => {
    const response = await send();

    expect(response.status).toBe(status);
    expect(problemOf(response).code).toBe(code);
    expect(response.text).not.toMatch(/\bat .+:\d+|node_modules|Error:/);
  });
});

describe('the other auth routes', () => {
  it('GET /auth/me without a token answers 401', async () => {
    expect((await request(app).get('/auth/me')).status).toBe(401);
  });

  it('POST /auth/refresh with an unknown field answers 400', async () => {
    const response = await request(app)
      .post('/auth/refresh')
      .send({ refresh_token: 'x', scope: 'all' });

    expect(pathsOf(response)).toEqual(['scope']);
  });

  it('POST /auth/password-reset with a bad e-mail answers 400', async () => {
    const response = await request(app).post('/auth/password-reset').send({ email: 'nope' });

    expect(pathsOf(response)).toEqual(['email']);
  });

  it('POST /auth/password-reset/confirm with a weak password answers 400', async () => {
    const response = await request(app)
      .post('/auth/password-reset/confirm')
      .send({ token: 'abc', password: 'short' });

    expect(pathsOf(response)).toEqual(['password']);
  });

  it('when the sidecar is down, a valid request answers 503, not 500', async () => {
    const response = await request(app)
      .post('/auth/register')
      .send({ username: 'erin', email: 'erin@example.com', password: 'a long enough secret' });

    expect(response.status).toBe(503);
    expect(problemOf(response).code).toBe('DAPR.UNAVAILABLE');
  });
});

describe('GET /openapi.json', () => {
  it('describes every auth route, with request schemas generated from the zod ones', async () => {
    const response = await request(app).get('/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths).sort()).toEqual([
      '/.well-known/jwks.json',
      '/auth/login',
      '/auth/logout',
      '/auth/me',
      '/auth/password-reset',
      '/auth/password-reset/confirm',
      '/auth/refresh',
      '/auth/register',
      '/docs',
      '/healthz',
      '/metrics',
      '/openapi.json',
      '/readyz',
    ]);
    const register = response.body.paths['/auth/register'].post;
    const schema = register.requestBody.content['application/json'].schema;
    expect(schema.required.sort()).toEqual(['email', 'password', 'username']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.password.minLength).toBe(12);
    expect(Object.keys(response.body.paths['/auth/login'].post.requestBody.content)).toContain(
      'application/x-www-form-urlencoded',
    );
  });
});
