// The Kubernetes overlays of deploy/k8s/overlays, rendered by kustomize as `kubectl apply -k`
// would (the first call may build kustomize; npm test provisions it before).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');
const overlaysDir = join(repoRoot, 'deploy', 'k8s', 'overlays');

export const overlayNames = (): string[] => readdirSync(overlaysDir);

/** The overlay's manifests, as one multi-document YAML text. */
export function renderOverlay(overlay: string): string {
  return execFileSync(
    process.execPath,
    [join(repoRoot, 'scripts', 'kustomize', 'kustomize.mjs'), 'build', join(overlaysDir, overlay)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
}
