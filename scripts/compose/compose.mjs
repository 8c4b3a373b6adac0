// `npm run compose:up` and `npm run compose:down`: the project's docker-compose.yml, on images
// built on this machine (deploy/compose/local-images.yml names them; no registry is needed).
//   node scripts/compose/compose.mjs up            build what is missing, start, wait until healthy
//   node scripts/compose/compose.mjs down [--volumes] [--check]
//   node scripts/compose/compose.mjs <any docker compose command>   e.g. logs todo-api
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDapr } from '../dapr/dapr.mjs';
import { ensureKafkaInstalled } from '../kafka/install.mjs';
import { runMain, say, seconds, SetupError } from '../lib/console.mjs';
import { prepareLocalData } from '../lib/local-data.mjs';
import { repoRoot } from '../lib/paths.mjs';
import { httpStatus, waitFor } from '../lib/processes.mjs';
import { runCommand } from '../lib/run-command.mjs';
import { ensureComposePlugin, ensureDockerEngine, stopDockerEngineIfOurs } from './engine.mjs';
import { ensureStandInImages } from './images.mjs';

export const ORIGIN = 'http://127.0.0.1:8080';
export const PROJECT = 'todo-dapr';
const stateDir = join(repoRoot, '.data', 'compose');
const envFile = join(stateDir, 'env.json');
const secretsFile = join(repoRoot, 'deploy', 'compose', 'secrets.json');
const composeFiles = ['docker-compose.yml', 'deploy/compose/local-images.yml'];
const SENTRY_ROOT_CERT = 'sentry:/home/nonroot/ca.crt';

/**
 * The variables docker-compose.yml requires: random tokens once per clone, and sentry's root
 * certificate once it exists, kept in .data/compose for later runs and commands.
 */
function composeEnv(update = {}) {
  const saved = existsSync(envFile) ? JSON.parse(readFileSync(envFile, 'utf8')) : {};
  const env = {
    APP_API_TOKEN: randomBytes(32).toString('hex'),
    DAPR_API_TOKEN: randomBytes(32).toString('hex'),
    // Commands that create no sidecar still need a value to read the file.
    DAPR_TRUST_ANCHORS: 'not yet known: sentry writes it on its first start',
    ...saved,
    ...update,
  };
  if (JSON.stringify(env) !== JSON.stringify(saved)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(envFile, `${JSON.stringify(env, null, 2)}\n`, { mode: 0o600 });
  }
  return env;
}

/** `docker compose` on the project's file and the local-images override. */
export function compose(args, { env = composeEnv(), timeoutMs = 600_000, onLine } = {}) {
  return runCommand(
    'docker',
    [
      'compose',
      '--project-directory',
      repoRoot,
      ...composeFiles.flatMap((f) => ['-f', f]),
      ...args,
    ],
    { cwd: repoRoot, env: { ...env, COMPOSE_PROJECT_NAME: PROJECT }, timeoutMs, onLine },
  );
}

async function composeOrFail(args, options) {
  const { code, output } = await compose(args, options);
  if (code !== 0) {
    throw new SetupError(`docker compose ${args.join(' ')} failed (${code}):\n${output.trim()}`);
  }
  return output;
}

/** The sidecars' secrets (signing keys, the event key), made once, readable by daprd's user. */
function ensureSecretsFile() {
  if (existsSync(secretsFile)) return;
  prepareLocalData(stateDir);
  copyFileSync(join(stateDir, 'secrets', 'secrets.json'), secretsFile);
  chmodSync(secretsFile, 0o644);
  say('compose', `wrote ${secretsFile} (new signing and event keys)`);
}

/** Starts sentry and reads its root certificate, which every sidecar must trust. */
async function sentryTrustAnchors() {
  await composeOrFail(['up', '--detach', '--no-build', '--pull', 'never', 'sentry']);
  let pem = '';
  await waitFor(
    async () => {
      // `cp … -` writes a tar stream; the certificate is the one file in it.
      const { code, output } = await compose(['cp', SENTRY_ROOT_CERT, '-']);
      pem =
        code === 0
          ? (/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(output)?.[0] ??
            '')
          : '';
      return pem !== '';
    },
    { timeoutMs: 60_000, intervalMs: 500, describe: () => 'sentry wrote no root certificate' },
  );
  return pem;
}

/**
 * Builds the service images (todo-dapr/auth:dev, todo-api:dev, subscriber:dev, web:dev) with `docker
 * compose build`, on the local Node.js image: needs the engine, the Compose plugin and the
 * stand-in images first.
 */
export async function buildServiceImages() {
  say('compose', 'building the service images (npm ci and tsc in each; cached layers after)');
  const building = Date.now();
  await composeOrFail(['--progress', 'plain', 'build'], {
    timeoutMs: 1_800_000,
    onLine: (line) => /^#\d+ (\[|DONE|CACHED)/.test(line) && say('compose', line),
  });
  say('compose', `service images ready (${seconds(building)})`);
}

export async function up() {
  const started = Date.now();
  await ensureDockerEngine();
  await ensureComposePlugin();
  await ensureDapr();
  await ensureKafkaInstalled();
  await ensureStandInImages();
  ensureSecretsFile();
  await buildServiceImages();

  const env = composeEnv({ DAPR_TRUST_ANCHORS: await sentryTrustAnchors() });
  say('compose', 'starting the stack and waiting until every container is healthy…');
  await composeOrFail(
    ['up', '--detach', '--no-build', '--pull', 'never', '--wait', '--wait-timeout', '300'],
    { env },
  );
  const { output } = await compose(['ps', '--format', '{{.Service}}\t{{.Status}}'], { env });
  for (const line of output.trim().split('\n')) say('compose', line.replace('\t', ': '));
  say('compose', `up in ${seconds(started)}`);
  process.stdout.write(`origin: ${ORIGIN}\n`);
}

/** Services that run once and exit (the registration of the event schemas). */
const ONE_SHOT_SERVICES = new Set(['schemas']);

/** Whether the whole stack is up already: every service running, the origin answering. */
export async function isUp() {
  if ((await httpStatus(`${ORIGIN}/gateway/healthz`)) !== 200) return false;
  const { code, output } = await compose(['ps', '--status', 'running', '--services']);
  const { output: all } = await compose(['config', '--services']);
  const running = new Set(output.split('\n').filter(Boolean));
  return (
    code === 0 &&
    all
      .split('\n')
      .filter((service) => service && !ONE_SHOT_SERVICES.has(service))
      .every((service) => running.has(service))
  );
}

/** What is left of the project: its containers, networks and (with volumes) volumes. */
async function leftovers({ volumes }) {
  const list = async (what) => {
    const { output } = await runCommand('docker', [
      what,
      'ls',
      ...(what === 'container' ? ['--all'] : []),
      '--quiet',
      '--filter',
      `label=com.docker.compose.project=${PROJECT}`,
    ]);
    return output
      .split('\n')
      .filter(Boolean)
      .map((id) => `${what} ${id}`);
  };
  return [
    ...(await list('container')),
    ...(await list('network')),
    ...(volumes ? await list('volume') : []),
  ];
}

export async function down({ volumes = false, check = false } = {}) {
  const started = Date.now();
  await composeOrFail([
    'down',
    '--remove-orphans',
    '--timeout',
    '20',
    ...(volumes ? ['--volumes'] : []),
  ]);
  const left = await leftovers({ volumes });
  if (left.length > 0) throw new SetupError(`compose down left behind: ${left.join(', ')}`);
  await stopDockerEngineIfOurs();
  say('compose', `down in ${seconds(started)}${volumes ? ' (volumes removed)' : ''}`);
  if (check) say('compose', 'checked: no container, network or volume of the project is left');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    const [command, ...flags] = process.argv.slice(2);
    if (command === 'up') await up();
    else if (command === 'down') {
      await down({ volumes: flags.includes('--volumes'), check: flags.includes('--check') });
    } else if (command) {
      const files = composeFiles.flatMap((f) => ['-f', f]);
      const { status } = spawnSync('docker', ['compose', ...files, command, ...flags], {
        cwd: repoRoot,
        stdio: 'inherit',
        env: { ...process.env, ...composeEnv(), COMPOSE_PROJECT_NAME: PROJECT },
      });
      process.exitCode = status ?? 1;
    } else
      throw new SetupError('usage: compose.mjs up | down [--volumes] | <docker compose command>');
  });
}
