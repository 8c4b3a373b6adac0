// Loads the Dapr resources each way of running the project hands its sidecars: the dev run
// (dapr.yaml), docker-compose.yml, and every Kubernetes overlay (rendered by kustomize, as
// `kubectl apply -k` would). Only what daprd itself would read counts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { BaseConfig } from '@todo-dapr/platform';
import { parse, parseAllDocuments } from 'yaml';
import { overlayNames, renderOverlay } from './overlays';

export const repoRoot = join(__dirname, '..', '..', '..');

export interface DaprResource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
  scopes?: string[];
}

export interface Sidecar {
  appId: string;
  /** The app's own limit on a call to its sidecar (DAPR_TIMEOUT_MS). */
  sidecarTimeoutMs: number;
  configuration: DaprResource;
}

export interface Mode {
  name: string;
  /** The namespace sidecars run in: their mTLS identity names it. */
  namespace: string;
  resources: DaprResource[];
  sidecars: Sidecar[];
}

const DAPR_KINDS = ['Component', 'Subscription', 'Resiliency', 'Configuration'];
const defaultSidecarTimeoutMs = BaseConfig.shape.DAPR_TIMEOUT_MS.parse(undefined);

const parseDocs = (text: string): DaprResource[] =>
  parseAllDocuments(text)
    .map((doc) => doc.toJS() as DaprResource | null)
    .filter((doc): doc is DaprResource => doc !== null && DAPR_KINDS.includes(doc.kind));

/** What daprd loads from a resources path: every top-level .yaml/.yml file, no folders. */
function loadResourcesPath(dir: string): DaprResource[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .flatMap((entry) => parseDocs(readFileSync(join(dir, entry.name), 'utf8')))
    .filter((resource) => resource.kind !== 'Configuration');
}

function loadConfiguration(file: string): DaprResource {
  const [configuration] = parseDocs(readFileSync(file, 'utf8'));
  if (configuration?.kind !== 'Configuration') throw new Error(`${file}: no Configuration`);
  return configuration;
}

/** `value`, or an error naming what is missing. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

const timeoutFrom = (value: unknown) =>
  value === undefined ? defaultSidecarTimeoutMs : Number(value);

export function devMode(): Mode {
  interface Template {
    common: { resourcesPaths: string[] };
    apps: { appID: string; configFilePath: string }[];
  }
  const template = parse(readFileSync(join(repoRoot, 'dapr.yaml'), 'utf8')) as Template;
  return {
    name: 'dev (dapr.yaml)',
    namespace: 'default',
    resources: template.common.resourcesPaths.flatMap((path) =>
      loadResourcesPath(resolve(repoRoot, path)),
    ),
    sidecars: template.apps.map((app) => ({
      appId: app.appID,
      // Neither npm run dev nor the tests set it.
      sidecarTimeoutMs: defaultSidecarTimeoutMs,
      configuration: loadConfiguration(resolve(repoRoot, app.configFilePath)),
    })),
  };
}

export function composeMode(): Mode {
  interface Service {
    network_mode?: string;
    entrypoint?: string[];
    command?: string[];
    volumes?: (string | { source: string; target: string })[];
    environment?: Record<string, string>;
  }
  const file = join(repoRoot, 'docker-compose.yml');
  const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  // A path inside a sidecar container, back to the folder of the clone mounted there.
  const hostPath = (service: Service, path: string) => {
    for (const volume of service.volumes ?? []) {
      const [source = '', target = ''] =
        typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target];
      if (!source.startsWith('.')) continue;
      if (path === target || path.startsWith(`${target}/`)) {
        return join(repoRoot, source, posix.relative(target, path));
      }
    }
    throw new Error(`docker-compose.yml mounts nothing of the clone at ${path}`);
  };
  const sidecars = Object.values(compose.services).filter((service) =>
    service.network_mode?.startsWith('service:'),
  );
  const flags = (service: Service, name: string) =>
    [...(service.entrypoint ?? []), ...(service.command ?? [])]
      .filter((arg) => arg.startsWith(`--${name}=`))
      .map((arg) => arg.slice(name.length + 3));
  const [first] = sidecars;
  if (!first) throw new Error('docker-compose.yml has no sidecars');
  return {
    name: 'docker-compose.yml',
    namespace: 'default',
    resources: flags(first, 'resources-path').flatMap((path) =>
      loadResourcesPath(hostPath(first, path)),
    ),
    sidecars: sidecars.map((sidecar) => {
      const appService = String(sidecar.network_mode).slice('service:'.length);
      const app = required(compose.services[appService], `the service ${appService}`);
      const appId = required(flags(sidecar, 'app-id')[0], `--app-id of ${appService}'s sidecar`);
      const config = required(flags(sidecar, 'config')[0], `--config of ${appId}'s sidecar`);
      return {
        appId,
        sidecarTimeoutMs: timeoutFrom(app.environment?.DAPR_TIMEOUT_MS),
        configuration: loadConfiguration(hostPath(sidecar, config)),
      };
    }),
  };
}

interface Deployment {
  kind: string;
  metadata: { namespace: string };
  spec: {
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: { containers: { env?: { name: string; value?: string }[] }[] };
    };
  };
}

/** Every overlay under deploy/k8s/overlays, rendered. */
export function kubernetesModes(): Mode[] {
  return overlayNames().map((overlay) => {
    const rendered = renderOverlay(overlay);
    const resources = parseDocs(rendered);
    const deployments = parseAllDocuments(rendered)
      .map((doc) => doc.toJS() as Deployment)
      .filter(
        (doc) =>
          doc.kind === 'Deployment' &&
          doc.spec.template.metadata.annotations?.['dapr.io/enabled'] === 'true',
      );
    const namespaces = [...new Set(deployments.map((doc) => doc.metadata.namespace))];
    if (namespaces.length !== 1) {
      throw new Error(`overlay ${overlay}: apps in ${namespaces.join(', ') || 'no namespace'}`);
    }
    return {
      name: `Kubernetes overlay ${overlay}`,
      namespace: required(namespaces[0], `the namespace of overlay ${overlay}`),
      resources: resources.filter((resource) => resource.kind !== 'Configuration'),
      sidecars: deployments.map((deployment) => {
        const annotations = deployment.spec.template.metadata.annotations ?? {};
        const env = deployment.spec.template.spec.containers[0]?.env ?? [];
        const configuration = resources.find(
          (resource) =>
            resource.kind === 'Configuration' &&
            resource.metadata.name === annotations['dapr.io/config'],
        );
        if (!configuration) {
          throw new Error(`overlay ${overlay}: no Configuration ${annotations['dapr.io/config']}`);
        }
        return {
          appId: required(annotations['dapr.io/app-id'], `dapr.io/app-id in ${overlay}`),
          sidecarTimeoutMs: timeoutFrom(env.find((e) => e.name === 'DAPR_TIMEOUT_MS')?.value),
          configuration,
        };
      }),
    };
  });
}

// --- how long a publish can keep trying -------------------------------------------------

interface RetryPolicy {
  policy: 'constant' | 'exponential';
  duration?: string;
  maxInterval?: string;
  maxRetries?: number;
}

/** Dapr's durations: 200ms, 2s, 1m30s… */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`not a duration: ${text}`);
  }
  return parts.reduce((sum, [, value, unit = '']) => sum + Number(value) * (units[unit] ?? NaN), 0);
}

/**
 * The longest a publish through the sidecar can go on: every attempt hits its timeout, and
 * every wait between attempts is as long as the policy allows. Exponential backoff is
 * Dapr's (cenkalti/backoff defaults: 500 ms, ×1.5, ±50% jitter, capped at maxInterval).
 */
export function publishBudgetMs(resiliency: DaprResource, component: string): number {
  const spec = resiliency.spec as {
    policies: { timeouts?: Record<string, string>; retries?: Record<string, RetryPolicy> };
    targets: { components?: Record<string, { outbound?: { timeout?: string; retry?: string } }> };
  };
  const outbound = spec.targets.components?.[component]?.outbound;
  if (!outbound?.timeout) return Infinity;
  const timeout = spec.policies.timeouts?.[outbound.timeout] ?? outbound.timeout;
  const attemptMs = durationMs(timeout);
  const retry = outbound.retry ? spec.policies.retries?.[outbound.retry] : undefined;
  if (!retry) return attemptMs;
  const retries = retry.maxRetries ?? 0;
  if (retries < 0) return Infinity;
  let backoffMs = 0;
  for (let i = 0; i < retries; i += 1) {
    backoffMs +=
      retry.policy === 'constant'
        ? durationMs(retry.duration ?? '5s')
        : Math.min(500 * 1.5 ** i, durationMs(retry.maxInterval ?? '60s')) * 1.5;
  }
  return attemptMs * (retries + 1) + backoffMs;
}
