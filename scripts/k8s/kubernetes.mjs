// The Kubernetes binaries, built from k8s.io/kubernetes through a wrapper module, cached.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../lib/paths.mjs';
import { buildFromWrapperModule, downloadModule } from './wrapper-module.mjs';

export const KUBERNETES_VERSION = 'v1.37.2';
const MODULE = 'k8s.io/kubernetes';
const COMPONENTS = [
  'kube-apiserver',
  'kubelet',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
  'kubectl',
];

const binDir = join(cacheDir, `kubernetes-${KUBERNETES_VERSION}`);
export const kubernetesBinary = (name) => join(binDir, name);

/**
 * k8s.io/kubernetes replaces each staging module (k8s.io/api, client-go, …) by its own
 * ./staging copy, which a dependency cannot use: the published v0.X.Y of each stands in.
 */
function stagingReplaces(goMod) {
  const staging = KUBERNETES_VERSION.replace(/^v1\./, 'v0.');
  return Object.fromEntries(
    (goMod.Replace ?? [])
      .filter(({ New }) => New.Path.startsWith('./staging/'))
      .map(({ Old }) => [Old.Path, staging]),
  );
}

// What hack/lib/version.sh stamps; without it `kubectl version` fails on the v0.0.0-master default.
function versionLdflags() {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const values = {
    gitVersion: KUBERNETES_VERSION,
    gitMajor: major,
    gitMinor: minor,
    gitTreeState: 'clean',
  };
  return ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version']
    .flatMap((pkg) => Object.entries(values).map(([key, value]) => `-X ${pkg}.${key}=${value}`))
    .join(' ');
}

/** Builds the six binaries in one `go build` unless all are cached; returns their directory. */
export async function ensureKubernetes() {
  if (COMPONENTS.every((name) => existsSync(kubernetesBinary(name)))) return binDir;
  const { goMod } = downloadModule(MODULE, KUBERNETES_VERSION);
  return buildFromWrapperModule({
    step: 'k8s',
    what: `Kubernetes ${KUBERNETES_VERSION} (${COMPONENTS.join(', ')})`,
    name: 'kubernetes',
    module: MODULE,
    version: KUBERNETES_VERSION,
    replace: stagingReplaces(goMod),
    binaries: Object.fromEntries(COMPONENTS.map((name) => [name, `${MODULE}/cmd/${name}`])),
    ldflags: versionLdflags(),
    outDir: binDir,
    expected: '~8 min on 2 cores, ~5 GB of Go build cache',
  });
}
