// etcd, Helm, CoreDNS and Traefik for the local cluster, each built once from its Go module,
// cached.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cachedModuleTool, toolPath } from '../lib/go.mjs';
import { cacheDir } from '../lib/paths.mjs';
import { buildTraefik } from './traefik-build.mjs';
import { buildFromWrapperModule } from './wrapper-module.mjs';

// The release Kubernetes v1.37 is tested with (its build/dependencies.yaml). Debian's
// etcd-server is 3.4, older than the API server supports, and needs root to install.
export const ETCD_VERSION = 'v3.7.0';
export const HELM_VERSION = 'v3.22.0';
export const COREDNS_VERSION = 'v1.15.0';
export const TRAEFIK_VERSION = 'v3.7.13';

const etcdDir = join(cacheDir, `etcd-${ETCD_VERSION}`);
export const etcdPath = join(etcdDir, 'etcd');

export async function ensureEtcd() {
  if (existsSync(etcdPath)) return etcdPath;
  // Its main package is the server module, whose go.mod replaces its siblings by ../ paths.
  await buildFromWrapperModule({
    step: 'etcd',
    what: `etcd ${ETCD_VERSION}`,
    name: 'etcd',
    module: 'go.etcd.io/etcd/server/v3',
    version: ETCD_VERSION,
    binaries: { etcd: 'go.etcd.io/etcd/server/v3' },
    outDir: etcdDir,
    expected: '~1-2 min on 2 cores',
  });
  return etcdPath;
}

export function ensureHelm() {
  return cachedModuleTool({
    step: 'helm',
    what: `Helm ${HELM_VERSION}`,
    module: 'helm.sh/helm/v3',
    version: HELM_VERSION,
    pkg: './cmd/helm',
    ldflags: `-X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}`,
    target: toolPath(cacheDir, 'helm', HELM_VERSION),
    nice: true,
  });
}

export function ensureCoredns() {
  return cachedModuleTool({
    step: 'coredns',
    what: `CoreDNS ${COREDNS_VERSION}`,
    module: 'github.com/coredns/coredns',
    version: COREDNS_VERSION,
    pkg: '.',
    target: toolPath(cacheDir, 'coredns', COREDNS_VERSION),
    nice: true,
  });
}

const traefikPath = toolPath(cacheDir, 'traefik', TRAEFIK_VERSION);

/** The cluster's ingress controller (see traefik-build.mjs for what differs from a release). */
export async function ensureTraefik() {
  if (existsSync(traefikPath)) return traefikPath;
  return buildTraefik({ version: TRAEFIK_VERSION, target: traefikPath });
}
