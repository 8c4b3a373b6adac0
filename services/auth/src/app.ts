import { createServiceApp, jsonBody, type ServiceDeps } from '@todo-dapr/platform';
import type { Express } from 'express';
import type { AuthConfig } from './config';

export function createApp({ logger, sidecar }: ServiceDeps<AuthConfig>): Express {
  return createServiceApp({
    service: 'auth',
    logger,
    readiness: sidecar,
    routes: (app) => {
      app.use(jsonBody());
    },
  });
}
