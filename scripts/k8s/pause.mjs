// The pod sandbox program of the local cluster (scripts/k8s/pause/main.go), built static with
// Go into the cache outside the clone; rebuilt only when its source or the Go release changes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { say, seconds } from '../lib/console.mjs';
import { assertGo, go, output } from '../lib/go.mjs';
import { cacheDir } from '../lib/paths.mjs';

/** The sandbox image's tag, after the upstream registry.k8s.io/pause release it stands in for. */
export const PAUSE_VERSION = '3.10';

const sourceDir = fileURLToPath(new URL('./pause', import.meta.url));

/** Where the build of this source with this Go is cached: one folder per recipe. */
function pauseBinary() {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'main.go']) hash.update(readFileSync(join(sourceDir, file)));
  hash.update(output('go', ['env', 'GOVERSION'])).update(PAUSE_VERSION);
  return join(cacheDir, `pause-${PAUSE_VERSION}`, hash.digest('hex').slice(0, 12), 'pause');
}

/** Builds the pause program when its cached build is missing; returns its path. */
export async function ensurePause() {
  assertGo(`The pause program ${PAUSE_VERSION}`);
  const binary = pauseBinary();
  if (existsSync(binary)) return binary;
  const started = Date.now();
  say('pause', `building the pause program ${PAUSE_VERSION} from ${sourceDir}…`);
  mkdirSync(dirname(binary), { recursive: true });
  const partial = `${binary}.tmp-${process.pid}`;
  try {
    // prettier-ignore
    await go(
      ['build', '-trimpath', '-ldflags', `-s -w -X main.version=${PAUSE_VERSION}`, '-o', partial, '.'],
      { cwd: sourceDir, env: { CGO_ENABLED: '0', GOWORK: 'off' }, nice: true },
    );
    renameSync(partial, binary);
  } finally {
    rmSync(partial, { force: true });
  }
  say('pause', `the pause program built in ${seconds(started)} → ${binary}`);
  return binary;
}
