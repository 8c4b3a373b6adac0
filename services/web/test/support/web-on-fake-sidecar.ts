import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { listen } from '@todo-dapr/platform';
import { serviceDepsOn, startFakeSidecar, testJwks } from '@todo-dapr/platform/testing';
import { createWeb } from '../../src/app';
import { WebConfig } from '../../src/config';

export const APP_API_TOKEN = 'sidecar-to-web-token-0123';

/** What an app behind the fake sidecar saw of each invocation. */
export interface Invocation {
  appId: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * web as `main` builds it, listening on a port of 127.0.0.1, on a fake sidecar whose apps
 * (auth with its JWKS, todo-api, subscriber) answer with `answer` and record each call.
 */
export async function webOnFakeSidecar(
  answer: (call: Invocation, res: Parameters<RequestListener>[1]) => void = (_call, res) =>
    res.end(),
  env: Record<string, string> = {},
) {
  const invocations: Invocation[] = [];
  const app =
    (appId: string): RequestListener =>
    (req, res) => {
      if (appId === 'auth' && req.url === '/.well-known/jwks.json' && req.method === 'GET') {
        res.setHeader('content-type', 'application/json').end(JSON.stringify(testJwks));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const call = {
          appId,
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        invocations.push(call);
        answer(call, res);
      });
    };
  const sidecar = await startFakeSidecar({
    apps: { auth: app('auth'), 'todo-api': app('todo-api'), subscriber: app('subscriber') },
  });
  const deps = serviceDepsOn(sidecar, WebConfig, {
    APP_ID: 'web',
    APP_API_TOKEN,
    STATIC_DIR: '/nonexistent',
    ...env,
  });
  const { app: web, hub } = createWeb(deps);
  const server = await listen(web, '127.0.0.1', 0);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    web,
    hub,
    invocations,
    async close() {
      hub.closeAll();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sidecar.close();
    },
  };
}
export type WebOnFakeSidecar = Awaited<ReturnType<typeof webOnFakeSidecar>>;
