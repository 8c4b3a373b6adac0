import { z } from 'zod';
import { TrustProxy } from './trust-proxy';

export class ConfigError extends Error {}

/** Parses the environment with `schema`; throws one message naming every bad variable. */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** A comma-separated list variable, as trimmed non-empty items. */
export const commaSeparated = () =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

const port = z.coerce.number().int().min(0).max(65535);

/**
 * A shared secret between a sidecar and its app: long enough, and not a placeholder from a
 * published example (`change-me…`), which anyone could send.
 */
export const SecretToken = z
  .string()
  .min(16, 'must be at least 16 characters')
  .refine((token) => !/change-?me|replace/i.test(token), {
    error: 'is the published example value: set a random one (openssl rand -hex 32)',
  });

/** Variables every service reads; `dapr run` sets APP_ID, APP_PORT and DAPR_HTTP_PORT. */
export const BaseConfig = z.object({
  APP_ID: z.string().min(1),
  APP_HOST: z.string().min(1).default('127.0.0.1'),
  APP_PORT: port,
  DAPR_HOST: z.string().min(1).default('127.0.0.1'),
  DAPR_HTTP_PORT: port.default(3500),
  DAPR_API_TOKEN: SecretToken.optional(),
  APP_API_TOKEN: SecretToken.optional(),
  DAPR_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** How long a starting service waits for its sidecar before it exits with a clear message. */
  DAPR_STARTUP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Access tokens are checked against these, in every service. */
  TOKEN_ISSUER: z.string().min(1).default('todo-dapr-auth'),
  TOKEN_AUDIENCE: z.string().min(1).default('todo-dapr'),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Proxies in front of the service (nginx, an Ingress): a hop count or their addresses. */
  TRUST_PROXY: TrustProxy,
  /**
   * The schema registry the sidecar's Kafka component serializes events through (its
   * `schemaRegistryURL`). Set: this app publishes with `valueSchemaType: Avro`. Unset or empty:
   * events go as JSON CloudEvents (REGISTRY=off, or a broker without a registry).
   */
  SCHEMA_REGISTRY_URL: z
    .string()
    .optional()
    .transform((url) => (url === '' ? undefined : url)),
});
export type BaseConfig = z.infer<typeof BaseConfig>;
