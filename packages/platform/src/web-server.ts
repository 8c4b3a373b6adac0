import type { Server } from 'node:http';
import type { Express } from 'express';
import { errorFields, type Logger } from './logger';

/** An app and the port it is served on. */
export interface Listener {
  app: Express;
  port: number;
}

export interface WebServerOptions {
  listeners: Listener[];
  host: string;
  logger: Logger;
  shutdownTimeoutMs: number;
  /** Runs as the servers stop taking requests: ends what never ends by itself (streams). */
  onStopping?: () => void;
}

/**
 * Idle keep-alive connections stay open longer than clients and proxies keep theirs (Node
 * closes them after 5 s, most load balancers after 60 s). Otherwise a client that reuses a
 * connection just as the server closes it gets ECONNRESET, and its request is lost.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function listen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) =>
      error ? reject(error) : resolve(server),
    );
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  });
}

/**
 * Starts the service and stops it cleanly on SIGTERM or SIGINT: no new connections,
 * in-flight requests finish (up to the timeout), then the process exits.
 */
export async function startWebServer(options: WebServerOptions): Promise<Server[]> {
  const { host, logger } = options;
  const servers: Server[] = [];
  for (const { app, port } of options.listeners) {
    servers.push(await listen(app, host, port));
    logger.info('listening', { host, port });
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    options.onStopping?.();
    const force = setTimeout(() => {
      for (const server of servers) server.closeAllConnections();
    }, options.shutdownTimeoutMs);
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
  return servers;
}

/** Errors that escaped every handler leave the process in an unknown state: log and exit. */
export function exitOnUnhandledErrors(logger: Logger): void {
  const fail = (kind: string) => (error: unknown) => {
    logger.error(kind, errorFields(error));
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  };
  process.on('uncaughtException', fail('uncaught exception'));
  process.on('unhandledRejection', fail('unhandled rejection'));
}
