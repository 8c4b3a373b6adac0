import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { listen } from '../src/web-server';

describe('the web server', () => {
  it('keeps idle connections longer than clients and proxies keep theirs', async () => {
    const app = express();
    app.get('/', (_req, res) => res.send('ok'));
    const server = await listen(app, '127.0.0.1', 0);
    try {
      const { port } = server.address() as AddressInfo;
      const agent = new http.Agent({ keepAlive: true });
      const keepAlive = await new Promise<unknown>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
            res.resume();
            resolve(res.headers['keep-alive']);
          })
          .on('error', reject);
      });
      agent.destroy();

      expect(keepAlive).toBe('timeout=65');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
