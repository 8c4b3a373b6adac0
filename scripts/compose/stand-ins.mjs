// Builds (or checks) everything `npm run compose:up` needs from this machine alone, for
// testing by hand: the Docker engine, the Compose plugin and the stand-in images.
//   node scripts/compose/stand-ins.mjs [--rebuild]
import { runMain, say, seconds } from '../lib/console.mjs';
import { docker, ensureComposePlugin, ensureDockerEngine } from './engine.mjs';
import { ensureStandInImages } from './images.mjs';

runMain(async () => {
  const started = Date.now();
  await ensureDockerEngine();
  await ensureComposePlugin();
  const results = await ensureStandInImages({ rebuild: process.argv.includes('--rebuild') });

  const { stdout } = await docker([
    'image',
    'ls',
    '--format',
    '{{.Repository}}:{{.Tag}}\t{{.Size}}',
    '--filter',
    'reference=todo-dapr-local/*',
  ]);
  const sizes = new Map(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t')),
  );
  const width = Math.max(...results.map((result) => result.tag.length));
  for (const { tag, built, seconds: took } of results) {
    const how = built ? `built in ${took.toFixed(1)}s` : 'up to date';
    process.stdout.write(`${tag.padEnd(width)}  ${(sizes.get(tag) ?? '?').padStart(8)}  ${how}\n`);
  }
  say('compose', `done in ${seconds(started)}`);
});
