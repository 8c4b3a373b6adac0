import { join } from 'node:path';
import { BaseConfig, SecretToken } from '@todo-dapr/platform';
import { z } from 'zod';

const positive = z.coerce.number().int().positive();

export const WebConfig = BaseConfig.extend({
  // Live events must prove they come from our sidecar.
  APP_API_TOKEN: SecretToken,
  /**
   * A second port for the public, beside APP_PORT (the sidecar's): npm run dev serves the
   * one origin on 8080 while dapr.yaml keeps 3004 for the app.
   */
  PUBLIC_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The built web app; services/web/dist/public from src/ and dist/ alike. */
  STATIC_DIR: z
    .string()
    .min(1)
    .default(join(__dirname, '..', 'dist', 'public')),
  /** How long a proxied call may take before web gives up on it. */
  PROXY_TIMEOUT_MS: positive.default(30_000),
  /** Events kept per user, for clients that reconnect with Last-Event-ID. */
  LIVE_EVENTS_PER_USER: positive.default(1000),
  /** Users whose recent events are kept; past it the one heard from longest ago is dropped. */
  LIVE_USERS_KEPT: positive.default(10_000),
  /** A `: keep-alive` comment on every open stream this often. */
  LIVE_KEEP_ALIVE_MS: positive.default(15_000),
});
export type WebConfig = z.infer<typeof WebConfig>;
