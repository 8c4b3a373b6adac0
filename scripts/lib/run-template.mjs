import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './paths.mjs';

/**
 * The apps of dapr.yaml with their ports, so the dev runner and the tests start exactly
 * what `dapr run -f dapr.yaml` starts. `portOffset` moves every port (tests run beside dev).
 */
export function loadRunTemplate({ portOffset = 0 } = {}) {
  const template = parse(readFileSync(join(repoRoot, 'dapr.yaml'), 'utf8'));
  const common = template.common ?? {};
  return template.apps.map((app) => ({
    appId: app.appID,
    appDir: resolve(repoRoot, app.appDirPath),
    command: app.command,
    appPort: app.appPort + portOffset,
    daprHttpPort: app.daprHTTPPort + portOffset,
    daprGrpcPort: app.daprGRPCPort + portOffset,
    metricsPort: app.metricsPort + portOffset,
    // web's public origin (PUBLIC_PORT in its env), beside the port its sidecar calls.
    ...(app.env?.PUBLIC_PORT !== undefined && {
      publicPort: Number(app.env.PUBLIC_PORT) + portOffset,
    }),
    resourcesPaths: (common.resourcesPaths ?? []).map((path) => resolve(repoRoot, path)),
    configFile: resolve(repoRoot, app.configFilePath ?? common.configFilePath),
    logLevel: common.logLevel ?? 'info',
    appHealthCheckPath: common.appHealthCheckPath,
  }));
}

/** Every port an app of the template binds, for the "port in use" check. */
export function portsOf(apps) {
  return apps.flatMap((app) => [
    { port: app.appPort, what: `${app.appId} app` },
    { port: app.daprHttpPort, what: `${app.appId} sidecar HTTP` },
    { port: app.daprGrpcPort, what: `${app.appId} sidecar gRPC` },
    { port: app.metricsPort, what: `${app.appId} sidecar metrics` },
    ...(app.publicPort ? [{ port: app.publicPort, what: `${app.appId} public origin` }] : []),
  ]);
}

/** The one public origin of a run: web's public port. */
export function publicOriginOf(apps) {
  const web = apps.find((app) => app.publicPort !== undefined);
  return web ? `http://127.0.0.1:${web.publicPort}` : undefined;
}
