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
import { createUserWrites } from './domain/user-writes';
import { noopRoute } from './http/noop-route';
import { todoOpenApi } from './http/openapi';
import { todoRoutes } from './http/todo-routes';

export function createApp({ config, logger, sidecar }: ServiceDeps<TodoApiConfig>): Express {
  const store = createTodoStore(sidecar.state, {
    idempotencyTtlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
  });
  const writes = createUserWrites({
    store,
    publish: createTodoEventPublisher(sidecar.pubsub),
    publicUrl: config.PUBLIC_URL,
    logger,
  });
  const commands = createTodoCommands({
    store,
    writes,
    maxTodosPerUser: config.MAX_TODOS_PER_USER,
  });
  const verifier = createServiceVerifier(config, sidecar);
  return createServiceApp({
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
}
