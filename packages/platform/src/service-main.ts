import type { Express } from 'express';
import type { z } from 'zod';
import { ConfigError, loadConfig, type BaseConfig } from './config';
import { createSidecar, sidecarOptionsFrom, type Sidecar } from './dapr/sidecar';
import { SidecarError } from './dapr/sidecar-error';
import { createLogger, type Logger } from './logger';
import { exitOnUnhandledErrors, startWebServer, type Listener } from './web-server';

export interface ServiceDeps<C extends BaseConfig> {
  config: C;
  logger: Logger;
  sidecar: Sidecar;
}

/**
 * Reports a failed start-up: a bad configuration or a sidecar that never came up is one clear
 * line, not a stack trace.
 */
function failStartup(error: unknown): never {
  const message =
    error instanceof ConfigError || error instanceof SidecarError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * What createApp may return besides the app on APP_PORT: more listeners (web's public port),
 * and what to end as the service stops.
 */
export interface ServedApp {
  app: Express;
  moreListeners?: Listener[];
  onStopping?: () => void;
}

/** A service's whole `main`: validate config first, wire the sidecar, serve, stop on SIGTERM. */
export function startService<S extends z.ZodType<BaseConfig>>(
  schema: S,
  createApp: (deps: ServiceDeps<z.infer<S>>) => Express | ServedApp,
): void {
  const boot = async () => {
    const config = loadConfig(schema);
    const logger = createLogger(config.APP_ID, config.LOG_LEVEL);
    exitOnUnhandledErrors(logger);
    const sidecar = createSidecar(sidecarOptionsFrom(config));
    const created = createApp({ config, logger, sidecar });
    const served: ServedApp = 'listen' in created ? { app: created } : created;
    await startWebServer({
      listeners: [{ app: served.app, port: config.APP_PORT }, ...(served.moreListeners ?? [])],
      host: config.APP_HOST,
      logger,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      onStopping: served.onStopping,
    });
    // Serving first lets the sidecar's app health check pass while we wait for it.
    await sidecar.waitUntilUp(config.DAPR_STARTUP_TIMEOUT_MS);
  };
  boot().catch(failStartup);
}
