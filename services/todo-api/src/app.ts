import { createServiceApp, jsonBody, type ServiceDeps } from '@todo-dapr/platform';
import type { Express } from 'express';
import type { TodoApiConfig } from './config';

export function createApp({ logger, sidecar }: ServiceDeps<TodoApiConfig>): Express {
  return createServiceApp({
    service: 'todo-api',
    logger,
    readiness: sidecar,
    routes: (app) => {
      app.use(jsonBody());
    },
  });
}
