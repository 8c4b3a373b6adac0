import { randomUUID } from 'node:crypto';
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
import { createWriterJournalStore } from './dapr/writer-journal-store';
import { createWriterRegistryStore } from './dapr/writer-registry-store';
import { runRepeatedly } from './domain/repeating-task';
import { FIRST_SWEEP_AFTER_MS, HEARTBEAT_EVERY_MS, SWEEP_EVERY_MS } from './domain/sweep-timing';
import { createTodoCommands } from './domain/todo-commands';
import { createTodoQueries } from './domain/todo-queries';
import { createUserWrites } from './domain/user-writes';
import { noopRoute } from './http/noop-route';
import { todoOpenApi } from './http/openapi';
import { todoRoutes } from './http/todo-routes';

/** todo-api as `main` runs it: the app, its journal's heartbeat and the dead-writer sweep. */
export function createApp(deps: ServiceDeps<TodoApiConfig>): Express {
  const { app, heartbeat, sweep } = createTodoApi(deps);
  const { logger } = deps;
  runRepeatedly(
    'the journal heartbeat',
    heartbeat,
    { firstAfterMs: 0, everyMs: HEARTBEAT_EVERY_MS },
    logger,
  );
  runRepeatedly(
    'the dead-writer sweep',
    sweep,
    { firstAfterMs: FIRST_SWEEP_AFTER_MS, everyMs: SWEEP_EVERY_MS },
    logger,
  );
  return app;
}

// SIGKILL: no exit handler, no flush, as when the machine goes away.
const crash = () => process.kill(process.pid, 'SIGKILL');

/**
 * The app, its heartbeat and its sweep apart, so that tests run those when they choose and
 * await them. `writerId` names this process among the writers (a new one for each start).
 */
export function createTodoApi(
  { config, logger, sidecar }: ServiceDeps<TodoApiConfig>,
  writerId: string = randomUUID(),
) {
  const store = createTodoStore(sidecar.state, {
    idempotencyTtlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
  });
  const writes = createUserWrites({
    store,
    writerId,
    writers: {
      registry: createWriterRegistryStore(sidecar.state),
      journals: createWriterJournalStore(sidecar.state),
    },
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
  return { app, writerId, heartbeat: writes.heartbeat, sweep: writes.sweep };
}
