import express, { type Express } from 'express';
import { healthRouter, type Readiness } from './health';
import { accessLog } from './http-logging';
import type { Logger } from './logger';
import { methodNotAllowed } from './method-not-allowed';
import { createMetrics } from './metrics';
import { notFoundHandler, problemHandler } from './problem-handler';
import { requestContext } from './request-context';
import { securityHeaders } from './security-headers';
import type { TrustProxy } from './trust-proxy';

export interface ServiceAppOptions {
  service: string;
  logger: Logger;
  /** What `/readyz` asks; usually the sidecar (`/v1.0/healthz` covers its components). */
  readiness: Readiness;
  /** TRUST_PROXY: whose X-Forwarded-For decides `req.ip`, the client address. */
  trustProxy: TrustProxy;
  /** Mounts the service's own routes between the shared middleware and the error handlers. */
  routes: (app: Express) => void;
}

/**
 * The express app every service shares: request ids, access log, metrics, security headers,
 * 405 with Allow for a method a path does not have, probes, problems.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  const metrics = createMetrics(options.service);
  app.use(requestContext(), accessLog(options.logger), metrics.observe, securityHeaders());
  app.use(methodNotAllowed(app));
  app.use(healthRouter(options.readiness), metrics.router);
  options.routes(app);
  app.use(notFoundHandler);
  app.use(problemHandler(options.logger));
  return app;
}
