// kustomize, to render the Kubernetes overlays as `kubectl apply -k` would (the cross-mode
// test of the Dapr resources reads them so). Built once from its Go module, cached.
//   node scripts/kustomize/kustomize.mjs build deploy/k8s/overlays/dev
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runMain } from '../lib/console.mjs';
import { cachedModuleTool, toolPath } from '../lib/go.mjs';
import { cacheDir } from '../lib/paths.mjs';

export const KUSTOMIZE_VERSION = 'v5.7.1';

export function ensureKustomize() {
  return cachedModuleTool({
    step: 'kustomize',
    what: `kustomize ${KUSTOMIZE_VERSION}`,
    module: 'sigs.k8s.io/kustomize/kustomize/v5',
    version: KUSTOMIZE_VERSION,
    pkg: '.',
    ldflags: `-X sigs.k8s.io/kustomize/api/provenance.version=${KUSTOMIZE_VERSION}`,
    target: toolPath(cacheDir, 'kustomize', KUSTOMIZE_VERSION),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    const binary = await ensureKustomize();
    const args = process.argv.slice(2);
    if (args.length === 0) return;
    const { status } = spawnSync(binary, args, { stdio: 'inherit' });
    process.exitCode = status ?? 1;
  });
}
