// `npm run bench:compose`: how long `npm run compose:up` takes with no images (every image
// built again; the host caches of the Go builds, the Kafka jars and the debootstrap tarball
// kept) and with every image built, how big the images are, and what each container uses at
// idle. Writes the "Docker Compose" section of BENCHMARKS.md; `npm run bench` keeps it.
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { runMain, say } from '../lib/console.mjs';
import { repoRoot } from '../lib/paths.mjs';
import { writeSection } from '../bench/sections.mjs';
import { compose, down, up } from './compose.mjs';
import { docker, ensureDockerEngine } from './engine.mjs';

const SECTION = '## Docker Compose';
const IDLE_SECONDS = 30;

async function timed(what, action) {
  say('bench', `${what}…`);
  const started = performance.now();
  await action();
  return (performance.now() - started) / 1000;
}

const projectImages = async () =>
  (await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}\t{{.Size}}'])).stdout
    .trim()
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([tag]) => tag?.startsWith('todo-dapr/') || tag?.startsWith('todo-dapr-local/'))
    .sort(([a], [b]) => a.localeCompare(b));

runMain(async () => {
  await ensureDockerEngine();
  await down({ volumes: true });
  const images = await projectImages();
  if (images.length > 0) {
    await docker(['image', 'rm', '--force', ...images.map(([tag]) => tag)]);
  }
  await docker(['builder', 'prune', '--all', '--force']);
  const coldSeconds = await timed('compose:up with no images', up);
  await down({ volumes: true });
  const warmSeconds = await timed('compose:up with every image built', up);

  say('bench', `${IDLE_SECONDS} s idle, then docker stats…`);
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const { output } = await compose([
    'stats',
    '--no-stream',
    '--format',
    '{{.Name}}\t{{.MemUsage}}\t{{.CPUPerc}}',
  ]);
  const stats = output
    .trim()
    .split('\n')
    .map((line) => line.split('\t'))
    .sort(([a], [b]) => a.localeCompare(b));
  const sizes = await projectImages();
  await down({ volumes: true });

  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot })
    .toString()
    .trim();
  const cpu = cpus()[0]?.model.trim() ?? 'unknown';
  const section = [
    SECTION,
    '',
    `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Docker Engine 20.10 (Debian), commit ${commit}.`,
    `Command: \`npm run bench:compose\` (${new Date().toISOString()}).`,
    '',
    '| start | `npm run compose:up` until every container is healthy |',
    '|---|---|',
    `| no images (all built again; host caches of Go builds, Kafka jars and the base image's debootstrap tarball kept) | ${coldSeconds.toFixed(1)} s |`,
    `| every image built (new containers and volumes) | ${warmSeconds.toFixed(1)} s |`,
    '',
    `Each container after ${IDLE_SECONDS} s idle (\`docker compose stats --no-stream\`):`,
    '',
    '| container | memory | CPU |',
    '|---|---|---|',
    ...stats.map(([name, memory, cpuPercent]) => `| ${name} | ${memory} | ${cpuPercent} |`),
    '',
    'Image sizes (`docker image ls`; the service images are what users ship, the `todo-dapr-local` ones stand in for the public images):',
    '',
    '| image | size |',
    '|---|---|',
    ...sizes.map(([tag, size]) => `| ${tag} | ${size} |`),
  ].join('\n');
  writeSection(section);
  process.stdout.write(`${section}\n`);
});
