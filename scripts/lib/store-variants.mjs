// todo-api once more per alternative state store (components/alternatives/todo-store.*.yaml),
// each with its own sidecar, beside a running system: the same code on PostgreSQL and Redis.
import { join } from 'node:path';
import { pubsubAlternative } from '../brokers/brokers.mjs';
import { ensureStores, startPostgres, startRedis } from '../stores/stores.mjs';
import { componentsWith, withComponentsDir } from './components.mjs';
import { loadRunTemplate } from './run-template.mjs';
import { startApp, waitUntilReady } from './system.mjs';

/**
 * Starts PostgreSQL and Redis (installing them if needed) and a todo-api on each, on the
 * ports of dapr.yaml + portOffset + 100 (PostgreSQL) and + 200 (Redis).
 */
export async function startStoreVariants({
  runDir,
  daprd,
  env,
  portOffset,
  stores = ['postgresql', 'redis'],
  // The system's broker: its pubsub.yaml too, and `env` holds its address.
  pubsub = 'kafka',
}) {
  const broker = pubsubAlternative(pubsub);
  ensureStores();
  const servers = {};
  if (stores.includes('postgresql')) {
    servers.postgresql = await startPostgres({
      port: 5432 + portOffset,
      dataDir: join(runDir, 'postgres'),
    });
  }
  if (stores.includes('redis')) {
    // Not on 6379 + offset: that is a Redis broker's (PUBSUB=redis).
    servers.redis = await startRedis({ port: 6399 + portOffset, dataDir: join(runDir, 'redis') });
  }
  const variants = [
    [
      'postgresql',
      100,
      () => ({ POSTGRES_CONNECTION_STRING: servers.postgresql.connectionString }),
    ],
    ['redis', 200, () => ({ REDIS_HOST: servers.redis.host })],
  ]
    .filter(([store]) => stores.includes(store))
    .map(([store, shift, storeEnv]) => {
      const todoApi = loadRunTemplate({ portOffset: portOffset + shift }).find(
        (app) => app.appId === 'todo-api',
      );
      const app = {
        ...todoApi,
        logName: `todo-api-${store}`,
        resourcesPaths: withComponentsDir(
          todoApi.resourcesPaths,
          componentsWith(
            {
              ...(broker ? { 'pubsub.yaml': broker } : {}),
              'todo-store.yaml': `todo-store.${store}.yaml`,
            },
            join(runDir, `components-${store}`),
          ),
        ),
      };
      return { store, app: startApp(app, { daprd, runDir, env: { ...env, ...storeEnv() } }) };
    });
  const stop = async () => {
    await Promise.all(variants.map(({ app }) => app.stop()));
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  };
  try {
    await waitUntilReady(variants.map(({ app }) => app));
  } catch (error) {
    await stop();
    throw error;
  }
  const apps = variants.map(({ store, app }) => [
    store,
    {
      url: app.url,
      sidecarUrl: app.sidecarUrl,
      pids: [app.appProcess.pid, app.daprdProcess.pid],
    },
  ]);
  return { apps: Object.fromEntries(apps), servers, stop };
}
