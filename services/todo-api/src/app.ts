import {
  createServiceApp,
  createServiceVerifier,
  jsonBody,
  type ServiceDeps,
} from '@todo-dapr/platform';
import type { Express } from 'express';
import type { TodoApiConfig } from './config';
import { createTodoStore } from './dapr/todo-store';
import { todoRoutes } from './http/todo-routes';

export function createApp({ config, logger, sidecar }: ServiceDeps<TodoApiConfig>): Express {
  const verifier = createServiceVerifier(config, sidecar);
  const store = createTodoStore(sidecar.state);
  return createServiceApp({
    service: 'todo-api',
    logger,
    readiness: sidecar,
    routes: (app) => {
      app.use(jsonBody());
      app.use(todoRoutes(verifier, store));
    },
  });
}
