import type { Server } from 'node:http';
import {
  ConfigError,
  createLogger,
  createSidecar,
  exitOnUnhandledErrors,
  listen,
  loadConfig,
  SidecarError,
  sidecarOptionsFrom,
} from '@todo-dapr/platform';
import { createWeb } from './app';
import { WebConfig } from './config';
import { publicPort } from './http/public-port';

/** As every service starts (platform's startService), plus the public port and open streams. */
async function main() {
  const config = loadConfig(WebConfig);
  const logger = createLogger(config.APP_ID, config.LOG_LEVEL);
  exitOnUnhandledErrors(logger);
  const sidecar = createSidecar(sidecarOptionsFrom(config));
  const { app, hub } = createWeb({ config, logger, sidecar });
  const listeners = [
    { app, port: config.APP_PORT },
    ...(config.PUBLIC_PORT ? [{ app: publicPort(app), port: config.PUBLIC_PORT }] : []),
  ];
  const servers: Server[] = [];
  for (const { app: handler, port } of listeners) {
    servers.push(await listen(handler, config.APP_HOST, port));
    logger.info('listening', { host: config.APP_HOST, port });
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    // Live streams never end by themselves; their clients reconnect (to another replica).
    hub.closeAll();
    const force = setTimeout(() => {
      for (const server of servers) server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
      ),
    );
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
  await sidecar.waitUntilUp(config.DAPR_STARTUP_TIMEOUT_MS);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof SidecarError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
