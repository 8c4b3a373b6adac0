// Builds main packages of a Go module from a wrapper module generated in the cache: `go
// install pkg@version` refuses modules with replace directives, and builds one binary a call.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { assertGo, go, heartbeat, output } from '../lib/go.mjs';
import { cacheDir } from '../lib/paths.mjs';

/**
 * `go mod download -json module@version`: its Dir, and its go.mod as `go mod edit -json` reads
 * it ({} without one).
 */
export function downloadModule(module, version) {
  const info = JSON.parse(
    output('go', ['mod', 'download', '-json', `${module}@${version}`]) || '{}',
  );
  if (!info.Dir) {
    throw new SetupError(
      `cannot download the Go module ${module}@${version}: is the Go module proxy reachable (GOPROXY=${output('go', ['env', 'GOPROXY']).trim()})?`,
    );
  }
  // Modules from before Go modules have no go.mod.
  const goModFile = join(info.Dir, 'go.mod');
  const goMod = existsSync(goModFile)
    ? JSON.parse(output('go', ['mod', 'edit', '-json', goModFile]))
    : {};
  return { dir: info.Dir, goMod };
}

// `go build -o dir/` names a binary after its package path, skipping a /vN suffix.
const defaultName = (pkg) =>
  pkg
    .split('/')
    .filter((part) => !/^v\d+$/.test(part))
    .pop();

function writeGoMod(workDir, { name, module, version, goMod, replace, binaries }) {
  const lines = [
    `module todo-dapr/${name}-build`,
    '',
    `go ${goMod.Go}`,
    // The module's own GODEBUG defaults, so the binaries behave as its releases do.
    ...(goMod.Godebug ?? []).map(({ Key, Value }) => `godebug ${Key}=${Value}`),
    '',
    `require ${module} ${version}`,
    ...Object.entries(replace).map(([path, to]) => `replace ${path} => ${path} ${to}`),
    ...Object.values(binaries).map((pkg) => `tool ${pkg}`),
  ];
  writeFileSync(join(workDir, 'go.mod'), `${lines.join('\n')}\n`);
}

/**
 * Builds `binaries` ({ name: package }) of `module@version` in one `go build`, static and
 * stripped, into `outDir` (replaced whole at the end, so a half-built dir never counts).
 * `replace` maps module paths to the versions that stand in for the module's own replaces.
 */
export async function buildFromWrapperModule({
  step,
  what,
  name,
  module,
  version,
  replace = {},
  binaries,
  ldflags = '',
  outDir,
  expected,
}) {
  assertGo(what);
  const started = Date.now();
  say(
    step,
    `building ${what} from the Go module ${module}@${version} (first run only; ${expected})`,
  );
  const { goMod } = downloadModule(module, version);
  const workDir = join(cacheDir, `${name}-build`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  writeGoMod(workDir, { name, module, version, goMod, replace, binaries });

  let stop = heartbeat(step, () => `resolving and downloading modules (${seconds(started)})`);
  await go(['mod', 'tidy'], { cwd: workDir, nice: true }).finally(stop);

  let compiled = 0;
  stop = heartbeat(step, () => `compiling ${what}: ${compiled} packages (${seconds(started)})`);
  const partial = `${outDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const packages = Object.values(binaries);
  await go(
    ['build', '-v', '-trimpath', '-ldflags', `-s -w ${ldflags}`, '-o', `${partial}/`, ...packages],
    { cwd: workDir, env: { CGO_ENABLED: '0' }, onLine: () => (compiled += 1), nice: true },
  ).finally(stop);
  for (const [binary, pkg] of Object.entries(binaries)) {
    if (defaultName(pkg) !== binary)
      renameSync(join(partial, defaultName(pkg)), join(partial, binary));
  }
  rmSync(outDir, { recursive: true, force: true });
  renameSync(partial, outDir);
  rmSync(workDir, { recursive: true, force: true });
  const sizeMb = Object.keys(binaries)
    .map((binary) => statSync(join(outDir, binary)).size / 1024 / 1024)
    .reduce((sum, size) => sum + size, 0)
    .toFixed(0);
  say(step, `${what} built in ${seconds(started)} (${sizeMb} MB) → ${outDir}`);
  return outDir;
}
