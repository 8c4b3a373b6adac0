import request from 'supertest';
import { webOnFakeSidecar, type WebOnFakeSidecar } from './support/web-on-fake-sidecar';

describe('web forwarding through its sidecar', () => {
  let web: WebOnFakeSidecar;
  afterEach(() => web.close());

  it.each([
    ['POST', '/auth/login', 'auth'],
    ['GET', '/.well-known/jwks.json', 'auth'],
    ['GET', '/todos?completed=true', 'todo-api'],
    ['PATCH', '/todos/t1', 'todo-api'],
    ['GET', '/stats', 'subscriber'],
    ['POST', '/admin/dead-letters/todos/x/replay', 'subscriber'],
  ])('sends %s %s to %s, path and query as they came', async (method, path, appId) => {
    web = await webOnFakeSidecar((_call, res) =>
      res.setHeader('content-type', 'text/plain').end('ok'),
    );

    const response = await request(web.web)[method.toLowerCase() as 'get'](path);

    expect(response.status).toBe(200);
    const call = web.invocations.find((c) => c.url === path) ?? web.invocations[0];
    if (path !== '/.well-known/jwks.json') expect(call).toMatchObject({ appId, method, url: path });
  });

  it('forwards the body and the API headers, and no others (cookies stay here)', async () => {
    web = await webOnFakeSidecar();

    await request(web.web)
      .post('/todos')
      .set('authorization', 'Bearer abc')
      .set('if-match', '"3"')
      .set('idempotency-key', 'key-1')
      .set('cookie', 'session=secret')
      .send({ title: 'milk' });

    const [call] = web.invocations;
    expect(JSON.parse(call?.body ?? '')).toEqual({ title: 'milk' });
    expect(call?.headers).toMatchObject({
      authorization: 'Bearer abc',
      'if-match': '"3"',
      'idempotency-key': 'key-1',
      'content-type': 'application/json',
    });
    expect(call?.headers.cookie).toBeUndefined();
  });

  it('names the client web trusts in X-Forwarded-For, not the address the client claims', async () => {
    web = await webOnFakeSidecar(undefined, { TRUST_PROXY: 'loopback' });

    await request(web.web)
      .post('/auth/login')
      .set('x-forwarded-for', '198.51.100.1, 203.0.113.7')
      .send({ username: 'ann', password: 'x' });

    expect(web.invocations[0]?.headers['x-forwarded-for']).toBe('203.0.113.7');
  });

  it('returns the status, body and API headers of the answer', async () => {
    web = await webOnFakeSidecar((_call, res) => {
      res.writeHead(201, {
        'content-type': 'application/json',
        etag: '"1"',
        location: '/todos/t1',
        link: '<http://origin.example/todos?cursor=c>; rel="next"',
        'set-cookie': 'tracker=1',
      });
      res.end(JSON.stringify({ id: 't1' }));
    });

    const response = await request(web.web).post('/todos').send({ title: 'milk' });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: 't1' });
    expect(response.headers).toMatchObject({
      etag: '"1"',
      location: '/todos/t1',
      link: '<http://origin.example/todos?cursor=c>; rel="next"',
    });
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('passes a problem of the service through as it is', async () => {
    const problem = { type: 'urn:x', title: 'Precondition Failed', status: 412, code: 'TODO.X' };
    web = await webOnFakeSidecar((_call, res) => {
      res.writeHead(412, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify(problem));
    });

    const response = await request(web.web).patch('/todos/t1').send({});

    expect(response.status).toBe(412);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.text)).toEqual(problem);
  });

  it('answers 503 problem+json when the sidecar cannot reach the app', async () => {
    web = await webOnFakeSidecar((_call, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorCode: 'ERR_DIRECT_INVOKE', message: 'no such app' }));
    });

    const response = await request(web.web).get('/todos');

    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'PROXY.UNAVAILABLE' });
    expect(response.headers['retry-after']).toBe('1');
  });

  it.each(['/todos/../admin/stats', '/todos/%2e%2e/x', '/todos/a%2Fb'])(
    'refuses the ambiguous path %s with 400',
    async (path) => {
      web = await webOnFakeSidecar();

      const response = await request(web.web).get(path);

      expect(response.status).toBe(400);
      expect(web.invocations).toEqual([]);
    },
  );
});
