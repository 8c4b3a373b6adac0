import { DaprResources } from '@todo-dapr/contracts';
import {
  createAccessTokenVerifier,
  createServiceApp,
  openApiRoute,
  type ServiceDeps,
} from '@todo-dapr/platform';
import type { Express } from 'express';
import type { AuthConfig } from './config';
import { createAuthStore } from './dapr/auth-store';
import { createThrottleStore } from './dapr/throttle-store';
import { createUserEventPublisher } from './dapr/user-events';
import { createKeyRing } from './domain/key-ring';
import { createRateLimits } from './domain/rate-limits';
import { createSessions } from './domain/sessions';
import { createThrottle } from './domain/throttle';
import { authRoutes } from './http/auth-routes';
import { jwksRoute } from './http/jwks-route';
import { authOpenApi } from './http/openapi';

export function createApp({ config, logger, sidecar }: ServiceDeps<AuthConfig>): Express {
  const store = createAuthStore(sidecar.state);
  const keyRing = createKeyRing(sidecar.secrets);
  const publish = createUserEventPublisher(sidecar.pubsub);
  const accessToken = {
    issuer: config.TOKEN_ISSUER,
    audience: config.TOKEN_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    operatorUserIds: new Set(config.OPERATOR_USER_IDS),
  };
  const sessions = createSessions({
    store,
    keyRing,
    accessToken,
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
  });
  const limits = createRateLimits(createThrottle(createThrottleStore(sidecar.state)), config);
  // auth verifies its own tokens with the same code as every other service.
  const verifier = createAccessTokenVerifier({
    issuer: accessToken.issuer,
    audience: accessToken.audience,
    fetchJwks: async () => (await keyRing()).jwks,
  });
  const passwordReset = {
    store,
    publish,
    logger,
    sealingKey: () => sidecar.secrets.get(DaprResources.secrets, 'event-encryption-key'),
    ttlSeconds: config.RESET_TOKEN_TTL_SECONDS,
    publicUrl: config.PUBLIC_URL,
  };
  return createServiceApp({
    service: 'auth',
    logger,
    readiness: sidecar,
    trustProxy: config.TRUST_PROXY,
    routes: (app) => {
      app.use(openApiRoute(authOpenApi), jwksRoute(keyRing));
      app.use(
        authRoutes({
          store,
          sessions,
          limits,
          publish,
          passwordReset,
          verifier,
          operatorUserIds: accessToken.operatorUserIds,
          logger,
        }),
      );
    },
  });
}
