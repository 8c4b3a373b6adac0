import type { z } from 'zod';
import { loadConfig, type BaseConfig } from '../src/config';
import { createLogger } from '../src/logger';
import type { ServiceDeps } from '../src/service-main';
import type { FakeSidecar } from './fake-sidecar';

/** A service's dependencies as `main` wires them, with its sidecar client on `sidecar`. */
export function serviceDepsOn<S extends z.ZodType<BaseConfig>>(
  sidecar: FakeSidecar,
  schema: S,
  env: Record<string, string>,
): ServiceDeps<z.infer<S>> {
  const config = loadConfig(schema, {
    APP_PORT: '0',
    ...env,
    DAPR_HTTP_PORT: String(sidecar.port),
  });
  return {
    config,
    logger: createLogger(config.APP_ID, 'silent'),
    sidecar: sidecar.client(config.DAPR_TIMEOUT_MS),
  };
}
