import express from 'express';
import request from 'supertest';
import { publicPort } from '../src/http/public-port';

const inner = express();
inner.get(['/healthz', '/readyz', '/metrics', '/events/live', '/todos', '/'], (req, res) => {
  res.json({ path: req.path });
});

describe('the public port', () => {
  it.each(['/healthz', '/readyz', '/metrics', '/events/live'])(
    'answers %s with a 404 problem, as any unknown path',
    async (path) => {
      const response = await request(publicPort(inner)).get(path);

      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    },
  );

  it.each(['/todos', '/'])('serves %s as the app does', async (path) => {
    const response = await request(publicPort(inner)).get(path);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ path });
  });
});
