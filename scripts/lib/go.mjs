// Builds tools from their Go modules (daprd, sentry, the Dapr CLI, kustomize, Docker
// Compose, Mailpit), with live progress: the first build of each takes minutes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { say, seconds, SetupError } from './console.mjs';
import { runCommand } from './run-command.mjs';

export const MIN_GO = '1.26.5';

const isNewer = (a, b) => a.localeCompare(b, 'en', { numeric: true }) >= 0;

/** Stdout of a command, or '' when it fails or is missing. */
export function output(binary, args) {
  try {
    return execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

/** Fails with what to install when Go is missing or too old to build `what`. */
export function assertGo(what, orElse = '') {
  const version = output('go', ['env', 'GOVERSION']).trim().replace(/^go/, '');
  if (!version || !isNewer(version, MIN_GO)) {
    throw new SetupError(
      `${what} must be built from source, which needs Go ${MIN_GO}+ (found: ${version || 'no go on PATH'}): install Go from https://go.dev/dl${orElse}.`,
    );
  }
}

/**
 * Runs `go`; `onLine` sees each line it prints (-v lists packages on stderr). `nice` runs it
 * at the lowest CPU priority, so a long build leaves the cores to tests.
 */
export async function go(args, { cwd, env, onLine, nice = false } = {}) {
  const [command, ...prefix] = nice ? ['nice', '-n', '19', 'go'] : ['go'];
  const { code, output } = await runCommand(command, [...prefix, ...args], {
    cwd,
    env,
    timeoutMs: 0,
    onLine,
  });
  if (code !== 0)
    throw new SetupError(`go ${args[0]} failed (exit ${code}):\n${output.slice(-4000)}`);
}

/** Prints a heartbeat every 15 s so a long step never looks hung; returns its stop. */
export function heartbeat(step, render) {
  const timer = setInterval(() => say(step, render()), 15_000);
  return () => clearInterval(timer);
}

/**
 * Builds `pkg` of the module `module@version` inside the module's own directory, where it is
 * the main module, so its replace and exclude directives apply (`go install pkg@version`
 * refuses modules that have them). Static, stripped; written to `target` at the end only.
 */
export async function buildModuleTool({
  step,
  what,
  module,
  version,
  pkg,
  ldflags = '',
  target,
  nice = false,
}) {
  assertGo(what);
  const started = Date.now();
  say(step, `building ${what} from its Go module ${module}@${version} (first run only)`);
  const info = JSON.parse(
    output('go', ['mod', 'download', '-json', `${module}@${version}`]) || '{}',
  );
  if (!info.Dir) {
    throw new SetupError(
      `cannot download the Go module ${module}@${version}: is the Go module proxy reachable (GOPROXY=${output('go', ['env', 'GOPROXY']).trim()})?`,
    );
  }
  let compiled = 0;
  const stop = heartbeat(
    step,
    () => `compiling ${what}: ${compiled} packages (${seconds(started)})`,
  );
  const partial = `${target}.partial`;
  mkdirSync(dirname(target), { recursive: true });
  rmSync(partial, { force: true });
  await go(['build', '-v', '-trimpath', '-ldflags', `-s -w ${ldflags}`, '-o', partial, pkg], {
    cwd: info.Dir,
    env: { CGO_ENABLED: '0' },
    onLine: () => (compiled += 1),
    nice,
  }).finally(stop);
  renameSync(partial, target);
  const sizeMb = (statSync(target).size / 1024 / 1024).toFixed(0);
  say(step, `${what} built in ${seconds(started)} (${sizeMb} MB) → ${target}`);
  return target;
}

/** Where a tool built by buildModuleTool is cached, per version, outside the clone. */
export const toolPath = (cacheDir, name, version) => join(cacheDir, `${name}-${version}`, name);

/** The cached build of a buildModuleTool spec, built first when it is missing. */
export const cachedModuleTool = async (spec) =>
  existsSync(spec.target) ? spec.target : buildModuleTool(spec);
