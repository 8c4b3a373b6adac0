import {
  createServiceApp,
  createServiceVerifier,
  jsonBody,
  type ServiceDeps,
} from '@todo-dapr/platform';
import type { WebConfig } from './config';
import { createInvokeProxy } from './dapr/invoke-proxy';
import { createLiveHub } from './domain/live-hub';
import { liveEventRoutes } from './http/live-event-routes';
import { liveRoutes } from './http/live-routes';
import { proxyRoutes } from './http/proxy-routes';
import { staticRoutes } from './http/static-routes';

/**
 * web, the one public origin: the web app's files, the API of the other apps forwarded
 * through our sidecar, and each user's live events (`GET /live`) from our own subscription.
 */
export function createWeb({ config, logger, sidecar }: ServiceDeps<WebConfig>) {
  const hub = createLiveHub({
    eventsPerUser: config.LIVE_EVENTS_PER_USER,
    maxUsers: config.LIVE_USERS_KEPT,
  });
  const invoke = createInvokeProxy({
    host: config.DAPR_HOST,
    httpPort: config.DAPR_HTTP_PORT,
    apiToken: config.DAPR_API_TOKEN,
    timeoutMs: config.PROXY_TIMEOUT_MS,
  });
  const verifier = createServiceVerifier(config, sidecar);
  const app = createServiceApp({
    service: 'web',
    logger,
    readiness: sidecar,
    trustProxy: config.TRUST_PROXY,
    routes: (app) => {
      // Before any body parser: proxied bodies stream through untouched.
      app.use(proxyRoutes(invoke));
      app.use(liveRoutes({ verifier, hub, keepAliveMs: config.LIVE_KEEP_ALIVE_MS }));
      app.use(jsonBody('1mb'), liveEventRoutes({ appApiToken: config.APP_API_TOKEN, hub, logger }));
      app.use(staticRoutes(config.STATIC_DIR));
    },
  });
  return { app, hub };
}
