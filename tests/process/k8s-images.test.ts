// npm run k8s:images: the names it exports the images under, and the pod sandbox program.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const repoRoot = join(__dirname, '..', '..');
const run = promisify(execFile);

/** A value exported by one of the scripts (ES modules), read in a node of its own. */
async function exported<T>(script: string, code: string): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', `import * as m from './${script}'; ${code}`],
    { cwd: repoRoot, timeout: 120_000 },
  );
  return JSON.parse(stdout) as T;
}

interface ComposeFile {
  services: Record<string, { image?: string }>;
}
const imagesOf = (file: string) => {
  const compose = parse(readFileSync(join(repoRoot, file), 'utf8'), {
    merge: true,
    customTags: ['!reset', '!override'].map((tag) => ({
      tag,
      collection: 'seq' as const,
      resolve: (value: unknown) => value,
    })),
  }) as ComposeFile;
  return Object.fromEntries(
    Object.entries(compose.services).map(([name, service]) => [name, service.image]),
  );
};

describe('CLUSTER_IMAGES', () => {
  it('names the service images and stand-ins as compose builds and tags them', async () => {
    const shipped = imagesOf('docker-compose.yml');
    const local = imagesOf('deploy/compose/local-images.yml');

    const images = await exported<Record<string, string>>(
      'scripts/k8s/images.mjs',
      'console.log(JSON.stringify(m.CLUSTER_IMAGES))',
    );

    for (const service of ['auth', 'todo-api', 'subscriber', 'web', 'schemas']) {
      expect(images[service]).toBe(shipped[service]);
    }
    for (const standIn of ['kafka', 'schema-registry', 'postgres', 'mailpit']) {
      expect(images[standIn]).toBe(local[standIn]);
    }
    expect(Object.keys(images).sort()).toEqual(
      [
        'auth',
        'coredns',
        'dapr',
        'kafka',
        'mailpit',
        'pause',
        'postgres',
        'schema-registry',
        'schemas',
        'subscriber',
        'todo-api',
        'traefik',
        'web',
      ].sort(),
    );
  });
});

describe('the pause program (scripts/k8s/pause)', () => {
  let binary = '';

  beforeAll(async () => {
    binary = await exported<string>(
      'scripts/k8s/pause.mjs',
      'console.log(JSON.stringify(await m.ensurePause()))',
    );
  }, 300_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('when sent %s, exits 0', async (signal) => {
    const pause = spawn(binary, [], { stdio: ['ignore', 'ignore', 'pipe'] });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      pause.on('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
    );
    // Its first line says it catches the signals.
    await new Promise((resolve) => pause.stderr.once('data', resolve));

    pause.kill(signal);

    expect(await ended).toEqual({ code: 0, signal: null });
  });
});
