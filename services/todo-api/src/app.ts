import {
  cors,
  createServiceApp,
  createServiceVerifier,
  jsonBody,
  openApiRoute,
  type ServiceDeps,
} from '@todo-dapr/platform';
import type { Express } from 'express';
import type { TodoApiConfig } from './config';
import { createTodoEventPublisher } from './dapr/todo-event-publisher';
import { createTodoStore } from './dapr/todo-store';
import { createTodoCommands } from './domain/todo-commands';
import { createTodoQueries } from './domain/todo-queries';
import { SWEEP_EVERY_MS } from './domain/outbox-sweep';
import { scheduleSweeps } from './domain/sweep-schedule';
import { createUserWrites } from './domain/user-writes';
import { noopRoute } from './http/noop-route';
import { todoOpenApi } from './http/openapi';
import { todoRoutes } from './http/todo-routes';

/** todo-api as `main` runs it: the app, and the outbox sweep at start and every 5 s. */
export function createApp(deps: ServiceDeps<TodoApiConfig>): Express {
  const { app, sweep } = createTodoApi(deps);
  scheduleSweeps(sweep, SWEEP_EVERY_MS, deps.logger);
  return app;
}

// SIGKILL: no exit handler, no flush, as when the machine goes away.
const crash = () => process.kill(process.pid, 'SIGKILL');

/** The app and the sweep apart, so that tests run a sweep when they choose and await it. */
export function createTodoApi({ config, logger, sidecar }: ServiceDeps<TodoApiConfig>) {
  const store = createTodoStore(sidecar.state, {
    idempotencyTtlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
  });
  const writes = createUserWrites({
    store,
    publish: createTodoEventPublisher(sidecar.pubsub),
    publicUrl: config.PUBLIC_URL,
    logger,
    ...(config.TEST_CRASH_AFTER_COMMIT && { afterCommit: crash }),
  });
  const commands = createTodoCommands({
    store,
    writes,
    maxTodosPerUser: config.MAX_TODOS_PER_USER,
  });
  const verifier = createServiceVerifier(config, sidecar);
  const app = createServiceApp({
    service: 'todo-api',
    logger,
    readiness: sidecar,
    trustProxy: config.TRUST_PROXY,
    routes: (app) => {
      app.use(cors(config.CORS_ORIGINS), openApiRoute(todoOpenApi));
      app.use(jsonBody('64kb'));
      if (config.BENCH_NOOP_ROUTE) app.use(noopRoute(verifier, config.PUBLIC_URL));
      app.use(
        todoRoutes({
          verifier,
          commands,
          queries: createTodoQueries(store),
          publicUrl: config.PUBLIC_URL,
        }),
      );
    },
  });
  return { app, sweep: writes.sweep };
}
