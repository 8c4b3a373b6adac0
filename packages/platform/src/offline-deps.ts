import type { Express } from 'express';
import type { z } from 'zod';
import { loadConfig, type BaseConfig } from './config';
import { createSidecar } from './dapr/sidecar';
import { createLogger } from './logger';
import { createServiceApp } from './service-app';
import type { ServiceDeps } from './service-main';

/**
 * A service's dependencies with a sidecar that is not there (port 1), for HTTP tests of
 * what a service decides before it needs its sidecar; anything later answers 503.
 */
export function offlineServiceDeps<S extends z.ZodType<BaseConfig>>(
  schema: S,
  env: Record<string, string>,
): ServiceDeps<z.infer<S>> {
  const config = loadConfig(schema, { APP_PORT: '0', ...env, DAPR_HTTP_PORT: '1' });
  return {
    config,
    logger: createLogger(config.APP_ID, 'silent'),
    sidecar: createSidecar({ host: '127.0.0.1', httpPort: 1, timeoutMs: 500 }),
  };
}

/** A service's express app around `routes`, always ready and silent: for HTTP tests of routes. */
export function routesTestApp(routes: (app: Express) => void): Express {
  return createServiceApp({
    service: 'test',
    logger: createLogger('test', 'silent'),
    readiness: { isReady: () => Promise.resolve(true) },
    trustProxy: false,
    routes,
  });
}
