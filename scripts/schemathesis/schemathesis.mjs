// schemathesis (PyPI), which fuzzes each service's OpenAPI document in the e2e tests: one pinned
// set of packages (requirements.txt) in a Python venv cached outside the clone.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain, say, seconds, SetupError } from '../lib/console.mjs';
import { cacheDir } from '../lib/paths.mjs';
import { runCommand } from '../lib/run-command.mjs';

export const SCHEMATHESIS_VERSION = '4.32.5';
const MIN_PYTHON = [3, 11]; // schemathesis 4.32: Requires-Python >=3.11
/** Written last into the venv; holds the requirements' hash, so a changed file means a rebuild. */
const COMPLETE_MARKER = '.complete';

const requirementsFile = fileURLToPath(new URL('requirements.txt', import.meta.url));
// A venv cannot be moved (its scripts name its own path), so it is built where it stays.
const venvDir = join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
export const stPath = join(venvDir, 'bin', 'st');

const installHint =
  'install it (e.g. `apt-get install python3 python3-venv`) or put one first on PATH, and run again';
const requirementsHash = () =>
  createHash('sha256').update(readFileSync(requirementsFile)).digest('hex');

function isInstalled(hash) {
  try {
    return (
      existsSync(stPath) && readFileSync(join(venvDir, COMPLETE_MARKER), 'utf8').trim() === hash
    );
  } catch {
    return false;
  }
}

/** `python3`, once it is known to be 3.11+ with the venv module (Debian splits it out). */
async function requirePython() {
  const python = process.env.PYTHON ?? 'python3';
  const { code, output } = await runCommand(python, [
    '-c',
    'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])',
  ]).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
    throw new SetupError(
      `schemathesis ${SCHEMATHESIS_VERSION} needs Python ${MIN_PYTHON.join('.')}+ with venv, and there is no ${python}: ${installHint}.`,
    );
  });
  const [major, minor] = (/^(\d+)\.(\d+)$/m.exec(output) ?? []).slice(1).map(Number);
  if (
    code !== 0 ||
    !(major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]))
  ) {
    throw new SetupError(
      `schemathesis ${SCHEMATHESIS_VERSION} needs Python ${MIN_PYTHON.join('.')}+ with its venv module, but ${python} ${code === 0 ? `is ${major}.${minor}` : 'has no venv/ensurepip module'}: ${installHint}.`,
    );
  }
  return python;
}

async function run(command, args, what) {
  const { code, output } = await runCommand(command, args, { timeoutMs: 15 * 60_000 });
  if (code !== 0) {
    throw new SetupError(
      `${what} failed (exit ${code}); PyPI must be reachable:\n${output.slice(-3000)}`,
    );
  }
}

/** Makes sure schemathesis is installed and returns the path of its `st` command. */
export async function ensureSchemathesis() {
  const hash = requirementsHash();
  if (isInstalled(hash)) return stPath;
  const python = await requirePython();
  const started = Date.now();
  say('schemathesis', `installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${venvDir}…`);
  await rm(venvDir, { recursive: true, force: true }); // an outdated or interrupted copy
  await mkdir(cacheDir, { recursive: true });
  await run(python, ['-m', 'venv', venvDir], `${python} -m venv`);
  const pip = join(venvDir, 'bin', 'pip');
  // prettier-ignore
  await run(pip, [
    'install', '--disable-pip-version-check', '--no-input', '--quiet',
    '--requirement', requirementsFile,
  ], 'pip install schemathesis');
  const { output } = await runCommand(stPath, ['--version']);
  if (!output.includes(SCHEMATHESIS_VERSION)) {
    throw new SetupError(
      `${stPath} --version says "${output.trim()}", not ${SCHEMATHESIS_VERSION}.`,
    );
  }
  await writeFile(join(venvDir, COMPLETE_MARKER), `${hash}\n`);
  say('schemathesis', `installed in ${seconds(started)}`);
  return stPath;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    process.stdout.write(`${await ensureSchemathesis()}\n`);
  });
}
