import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { webOnFakeSidecar, type WebOnFakeSidecar } from './support/web-on-fake-sidecar';

describe('web’s own pages', () => {
  let web: WebOnFakeSidecar;
  afterEach(() => web.close());

  it('serves the built app at / with a CSP that allows no inline script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-static-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    web = await webOnFakeSidecar(undefined, { STATIC_DIR: dir });

    const index = await request(web.web).get('/');
    const script = await request(web.web).get('/app.js');

    expect(index.status).toBe(200);
    expect(index.text).toContain('<title>app</title>');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(script.status).toBe(200);
  });

  it('serves a placeholder page when the app is not built', async () => {
    web = await webOnFakeSidecar();

    const index = await request(web.web).get('/');

    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.text).toContain('npm run build');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers an unknown path with a 404 problem', async () => {
    web = await webOnFakeSidecar();

    const response = await request(web.web).get('/nothing/here');

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
