// Provisions the Dapr CLI and daprd: reuses matching binaries, or builds them from their Go modules.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain, say, seconds, SetupError } from '../lib/console.mjs';
import { assertGo, go, heartbeat, output } from '../lib/go.mjs';
import { cacheDir, daprBinDir } from '../lib/paths.mjs';

/** Newest 1.18 runtime whose whole module graph the Go proxy serves and Go 1.26 builds. */
export const DAPR_RUNTIME_VERSION = '1.18.2';
/** Newest CLI release the Go proxy serves (1.17 and 1.18 are not); it runs 1.18 sidecars. */
export const DAPR_CLI_VERSION = '1.16.5';

export const daprdPath = join(daprBinDir, 'daprd');
export const sentryPath = join(daprBinDir, 'sentry');
const cliPath = join(daprBinDir, 'dapr');

/**
 * Builds `pkg` from one of our wrapper modules (its go.mod pins the version and carries the
 * replace directives) into `output`, printing progress while it compiles.
 */
async function buildFromModule({
  what,
  moduleName,
  pkg,
  tags = '',
  ldflags,
  output: target,
  expected,
  nice = false,
}) {
  assertGo(what, `, or install Dapr ${DAPR_RUNTIME_VERSION} with \`dapr init --slim\``);
  const started = Date.now();
  // One work dir per binary: two scripts building different ones must not share it.
  const workDir = join(cacheDir, `${moduleName}-build-${basename(target)}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(fileURLToPath(new URL(`./${moduleName}`, import.meta.url)), workDir, { recursive: true });

  say('dapr', `building ${what} from its Go module (first run only; ${expected} on 2 cores)`);
  say('dapr', 'downloading Go modules…');
  let stop = heartbeat('dapr', () => `still downloading modules (${seconds(started)})`);
  await go(['mod', 'download'], { cwd: workDir, nice }).finally(stop);

  const tagArgs = tags ? ['-tags', tags] : [];
  // `go build -v` names each package it compiles (cached ones are skipped, so no total).
  let compiled = 0;
  stop = heartbeat(
    'dapr',
    () => `compiling ${what}: ${compiled} packages so far (${seconds(started)})`,
  );
  const binary = join(workDir, 'out');
  await go(['build', '-v', '-trimpath', ...tagArgs, '-ldflags', ldflags, '-o', binary, pkg], {
    cwd: workDir,
    env: { CGO_ENABLED: '0' },
    onLine: () => (compiled += 1),
    nice,
  }).finally(stop);

  mkdirSync(dirname(target), { recursive: true });
  renameSync(binary, target);
  rmSync(workDir, { recursive: true, force: true });
  const sizeMb = (statSync(target).size / 1024 / 1024).toFixed(0);
  say('dapr', `${what} built in ${seconds(started)} (${sizeMb} MB) → ${target}`);
}

const buildDaprd = () =>
  buildFromModule({
    what: `daprd ${DAPR_RUNTIME_VERSION}`,
    moduleName: 'daprd-module',
    pkg: 'github.com/dapr/dapr/cmd/daprd',
    // The SMTP binding is only in the full component set.
    tags: 'allcomponents',
    ldflags: `-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_RUNTIME_VERSION}`,
    output: daprdPath,
    expected: '~15-25 min',
  });

// Sentry, Dapr's certificate authority: with it the sidecars talk mTLS and know each other's
// identity, which the access-control policies of components/shared/config.*.yaml rely on.
const buildSentry = () =>
  buildFromModule({
    what: `sentry ${DAPR_RUNTIME_VERSION}`,
    moduleName: 'daprd-module',
    pkg: 'github.com/dapr/dapr/cmd/sentry',
    ldflags: `-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_RUNTIME_VERSION}`,
    output: sentryPath,
    expected: '~2-5 min after daprd',
  });

const buildCli = () =>
  buildFromModule({
    what: `the Dapr CLI ${DAPR_CLI_VERSION}`,
    moduleName: 'cli-module',
    pkg: 'github.com/dapr/cli',
    ldflags: `-s -w -X main.version=${DAPR_CLI_VERSION}`,
    output: cliPath,
    expected: '~3-6 min',
  });

const controlPlaneDir = join(cacheDir, `dapr-control-plane-${DAPR_RUNTIME_VERSION}`);

// The operator and the injector run only in Kubernetes; the same module and go.mod as daprd.
const buildControlPlaneService = (name) =>
  buildFromModule({
    what: `the Dapr ${name} ${DAPR_RUNTIME_VERSION}`,
    moduleName: 'daprd-module',
    pkg: `github.com/dapr/dapr/cmd/${name}`,
    ldflags: `-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_RUNTIME_VERSION}`,
    output: join(controlPlaneDir, name),
    expected: '~1-2 min after daprd',
    nice: true,
  });

/**
 * Makes sure the pinned Dapr for Kubernetes exists: daprd, sentry, the operator, the
 * injector, and the Helm chart (with its CRDs) from the same release of dapr/dapr.
 */
export async function ensureDaprControlPlane() {
  // daprd too: the injector adds it to every annotated pod.
  const { daprd, sentry } = await ensureDapr();
  const binaries = { daprd, sentry };
  for (const name of ['operator', 'injector']) {
    binaries[name] = join(controlPlaneDir, name);
    if (!existsSync(binaries[name])) await buildControlPlaneService(name);
  }
  return { ...binaries, ...daprChart() };
}

/** The Helm chart of the pinned release and its CRDs, from the module's download. */
export function daprChart() {
  const info = JSON.parse(
    output('go', ['mod', 'download', '-json', `github.com/dapr/dapr@v${DAPR_RUNTIME_VERSION}`]) ||
      '{}',
  );
  const chart = info.Dir && join(info.Dir, 'charts', 'dapr');
  if (!chart || !existsSync(chart)) {
    throw new SetupError(
      `cannot download the Go module github.com/dapr/dapr@v${DAPR_RUNTIME_VERSION} for its Helm chart: is the Go module proxy reachable?`,
    );
  }
  return { chart, crds: join(chart, 'crds') };
}

/** Finds a `dapr` CLI of the pinned version: ours, or one on PATH. */
function findCli() {
  const onPath = (process.env.PATH ?? '').split(':').map((dir) => join(dir, 'dapr'));
  return [cliPath, ...onPath].find(
    (path) =>
      existsSync(path) && output(path, ['version']).includes(`CLI version: ${DAPR_CLI_VERSION}`),
  );
}

const daprdMatches = () => output(daprdPath, ['--version']).trim() === DAPR_RUNTIME_VERSION;
// sentry has no --version flag: a stamp beside it says which release it was built from.
const sentryStamp = `${sentryPath}.version`;
const sentryMatches = () =>
  existsSync(sentryPath) &&
  existsSync(sentryStamp) &&
  readFileSync(sentryStamp, 'utf8') === DAPR_RUNTIME_VERSION;

/**
 * Makes sure the pinned daprd and sentry exist, and the CLI too with `cli: true` (only
 * `dapr run -f dapr.yaml` by hand needs it). Returns their paths.
 */
export async function ensureDapr({ cli = false } = {}) {
  mkdirSync(cacheDir, { recursive: true });
  if (!daprdMatches()) await buildDaprd();
  if (!sentryMatches()) {
    await buildSentry();
    writeFileSync(sentryStamp, DAPR_RUNTIME_VERSION);
  }
  if (cli && !findCli()) await buildCli();
  return { daprd: daprdPath, sentry: sentryPath, cli: cli ? findCli() : undefined };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    const { daprd, cli } = await ensureDapr({ cli: true });
    say(
      'dapr',
      `ready: daprd ${DAPR_RUNTIME_VERSION} (${daprd}), CLI ${DAPR_CLI_VERSION} (${cli})`,
    );
  });
}
