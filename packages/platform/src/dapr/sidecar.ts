import { createBindingsApi } from './bindings';
import { createInvokeApi } from './invoke';
import { createPubSubApi } from './pubsub';
import { createSdkClient } from './sdk-client';
import { createSecretsApi } from './secrets';
import { SidecarError } from './sidecar-error';
import { createSidecarHttp, type SidecarOptions } from './sidecar-http';
import { createStateApi } from './state';

/**
 * Everything a service does with its Dapr sidecar: through `@dapr/dapr`'s DaprClient where it
 * makes the call correctly, through our own HTTP calls where it does not (docs/decisions.md).
 */
export function createSidecar(options: SidecarOptions) {
  const http = createSidecarHttp(options);
  const sdk = createSdkClient(options);
  const baseUrl = `http://${options.host}:${options.httpPort}`;
  const answers = async (path: string) => {
    try {
      return (await http(path)).status === 204;
    } catch {
      return false;
    }
  };
  return {
    state: createStateApi(http, sdk),
    pubsub: createPubSubApi(http, sdk, { valueSchemaType: options.eventSchemaType }),
    secrets: createSecretsApi(sdk),
    invoke: createInvokeApi(sdk),
    bindings: createBindingsApi(sdk),

    /**
     * True when the sidecar and all its components are up (`/v1.0/healthz` answers 204). The
     * SDK's `health.isHealthy` asks `/v1.0/metadata`, which answers while a component is down.
     */
    isReady: () => answers('/v1.0/healthz'),

    /**
     * Resolves once the sidecar can take calls (its components are loaded; it need not reach
     * the app yet), or rejects after `timeoutMs` with a message that says so.
     */
    async waitUntilUp(timeoutMs: number, pollMs = 100): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!(await answers('/v1.0/healthz/outbound'))) {
        if (Date.now() >= deadline)
          throw new SidecarError(
            `Dapr sidecar at ${baseUrl} was not up within ${timeoutMs} ms ` +
              '(GET /v1.0/healthz/outbound did not answer 204): is daprd running, ' +
              'with DAPR_HTTP_PORT and DAPR_API_TOKEN as this app has them?',
            0,
          );
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
  };
}
export type Sidecar = ReturnType<typeof createSidecar>;

export function sidecarOptionsFrom(config: {
  DAPR_HOST: string;
  DAPR_HTTP_PORT: number;
  DAPR_API_TOKEN?: string | undefined;
  DAPR_TIMEOUT_MS: number;
  SCHEMA_REGISTRY_URL?: string | undefined;
}): SidecarOptions {
  return {
    host: config.DAPR_HOST,
    httpPort: config.DAPR_HTTP_PORT,
    apiToken: config.DAPR_API_TOKEN,
    timeoutMs: config.DAPR_TIMEOUT_MS,
    eventSchemaType: config.SCHEMA_REGISTRY_URL ? 'Avro' : undefined,
  };
}
