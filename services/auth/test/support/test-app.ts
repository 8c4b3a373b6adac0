import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { UserEvent } from '@todo-dapr/contracts';
import { offlineServiceDeps } from '@todo-dapr/platform';
import { memoryStateApi } from '@todo-dapr/platform/testing';
import { createApp } from '../../src/app';
import { AuthConfig } from '../../src/config';

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
const secrets: Record<string, string> = {
  'jwt-current-key': pem(),
  'jwt-previous-key': pem(),
  'event-encryption-key': randomBytes(32).toString('base64'),
};

/**
 * auth's app as `main` builds it, with the sidecar's state, secrets and pub/sub in memory.
 * Pass `memory` to start a second replica on the same store.
 */
export function authTestApp(
  env: Record<string, string> = {},
  memory: ReturnType<typeof memoryStateApi> = memoryStateApi(),
) {
  const deps = offlineServiceDeps(AuthConfig, { APP_ID: 'auth', ...env });
  const published: UserEvent[] = [];
  const sidecar = {
    ...deps.sidecar,
    isReady: () => Promise.resolve(true),
    state: memory.state,
    secrets: {
      get: (_store: string, name: string) =>
        secrets[name] === undefined
          ? Promise.reject(new Error(`no secret ${name}`))
          : Promise.resolve(secrets[name]),
    },
    pubsub: {
      ...deps.sidecar.pubsub,
      publish: (_pubsub: string, _topic: string, event: unknown) => {
        published.push(event as UserEvent);
        return Promise.resolve();
      },
    },
  };
  return { app: createApp({ ...deps, sidecar }), memory, published, logger: deps.logger };
}
