import { createBindingsApi } from './bindings';
import { createInvokeApi } from './invoke';
import { createPubSubApi } from './pubsub';
import { createSecretsApi } from './secrets';
import { createSidecarHttp, type SidecarOptions } from './sidecar-http';
import { createStateApi } from './state';

/** Everything a service does with its Dapr sidecar, over the sidecar's HTTP API. */
export function createSidecar(options: SidecarOptions) {
  const http = createSidecarHttp(options);
  return {
    state: createStateApi(http),
    pubsub: createPubSubApi(http),
    secrets: createSecretsApi(http),
    invoke: createInvokeApi(http),
    bindings: createBindingsApi(http),

    /** True when the sidecar and all its components are up (`/v1.0/healthz` answers 204). */
    async isReady(): Promise<boolean> {
      try {
        return (await http('/v1.0/healthz')).status === 204;
      } catch {
        return false;
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
}): SidecarOptions {
  return {
    host: config.DAPR_HOST,
    httpPort: config.DAPR_HTTP_PORT,
    apiToken: config.DAPR_API_TOKEN,
    timeoutMs: config.DAPR_TIMEOUT_MS,
  };
}
