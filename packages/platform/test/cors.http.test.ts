import express from 'express';
import request from 'supertest';
import { cors } from '../src';

const app = express();
app.use(cors(['https://app.example']));
app.patch('/todos/1', (_req, res) => {
  res.set('ETag', '"2"').json({ ok: true });
});

describe('cors', () => {
  it('answers a preflight for PATCH with the methods and headers the API uses', async () => {
    const response = await request(app)
      .options('/todos/1')
      .set('origin', 'https://app.example')
      .set('access-control-request-method', 'PATCH')
      .set('access-control-request-headers', 'authorization, if-match, idempotency-key');

    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(response.headers['access-control-allow-methods']).toContain('PATCH');
    expect(response.headers['access-control-allow-methods']).toContain('DELETE');
    expect(response.headers['access-control-allow-headers']).toMatch(
      /Authorization.*If-Match.*Idempotency-Key/,
    );
  });

  it('exposes ETag and Link to an allowed origin', async () => {
    const response = await request(app).patch('/todos/1').set('origin', 'https://app.example');

    expect(response.headers['access-control-expose-headers']).toContain('ETag');
    expect(response.headers.vary).toContain('Origin');
  });

  it('gives another origin no CORS headers', async () => {
    const response = await request(app).patch('/todos/1').set('origin', 'https://evil.example');

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
