import {
  cors,
  createServiceApp,
  createServiceVerifier,
  jsonBody,
  type ServiceDeps,
} from '@todo-dapr/platform';
import type { Express } from 'express';
import type { TodoApiConfig } from './config';
import { createTodoEventPublisher } from './dapr/todo-event-publisher';
import { createTodoStore } from './dapr/todo-store';
import { createTodoCommands } from './domain/todo-commands';
import { createTodoQueries } from './domain/todo-queries';
import { createUserWrites } from './domain/user-writes';
import { todoRoutes } from './http/todo-routes';

export function createApp({ config, logger, sidecar }: ServiceDeps<TodoApiConfig>): Express {
  const store = createTodoStore(sidecar.state);
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
    idempotencyTtlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
  });
  return createServiceApp({
    service: 'todo-api',
    logger,
    readiness: sidecar,
    routes: (app) => {
      app.use(cors(config.CORS_ORIGINS));
      app.use(jsonBody('64kb'));
      app.use(
        todoRoutes({
          verifier: createServiceVerifier(config, sidecar),
          commands,
          queries: createTodoQueries(store),
          publicUrl: config.PUBLIC_URL,
        }),
      );
    },
  });
}
