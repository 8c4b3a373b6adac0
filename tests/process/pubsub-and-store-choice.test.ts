// PUBSUB and STORE pick the broker and the state stores of `npm run dev`; the sidecars then load
// a copy of components/ with those files swapped, and the clone's own files stay as they are.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..');
const run = promisify(execFile);

describe('PUBSUB', () => {
  it('refuses an unknown broker in one line that names the valid ones, before starting anything', async () => {
    const failed = await run(process.execPath, ['scripts/dev.mjs'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, PUBSUB: 'mqtt' },
    }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );

    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toBe(
      '✖ PUBSUB must be one of kafka, redis, rabbitmq, jetstream (got "mqtt").\n',
    );
  });
});

describe('STORE', () => {
  it('refuses an unknown store in one line that names the valid ones, before starting anything', async () => {
    const failed = await run(process.execPath, ['scripts/dev.mjs'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, STORE: 'mongodb' },
    }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );

    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toBe(
      '✖ STORE must be one of sqlite, postgresql, redis (got "mongodb").\n',
    );
  });

  it('names an alternative file for each of the three stores', async () => {
    const script = `
      import { storeAlternatives } from './scripts/stores/stores.mjs';
      process.stdout.write(JSON.stringify([storeAlternatives('sqlite'), storeAlternatives('postgresql')]));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
    });

    expect(JSON.parse(stdout)).toEqual([
      {},
      {
        'auth-store.yaml': 'auth-store.postgresql.yaml',
        'todo-store.yaml': 'todo-store.postgresql.yaml',
        'subscriber-store.yaml': 'subscriber-store.postgresql.yaml',
      },
    ]);
  });
});

describe('componentsWith', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'components-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies components/ with pubsub.yaml replaced by the alternative', async () => {
    const copy = join(dir, 'copy');
    const script = `
      import { componentsWith } from './scripts/lib/components.mjs';
      componentsWith({ 'pubsub.yaml': 'pubsub.jetstream.yaml' }, ${JSON.stringify(copy)});`;
    await run(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot });

    const components = join(repoRoot, 'components');
    const originals = readdirSync(components).filter((file) => file.endsWith('.yaml'));
    const text = (path: string) => readFileSync(path, 'utf8');
    expect(readdirSync(copy).sort()).toEqual(originals.sort());
    expect(text(join(copy, 'pubsub.yaml'))).toBe(
      text(join(components, 'alternatives', 'pubsub.jetstream.yaml')),
    );
    expect(text(join(components, 'pubsub.yaml'))).toMatch(/type: pubsub\.kafka/);
    for (const file of originals.filter((f) => f !== 'pubsub.yaml')) {
      expect(text(join(copy, file))).toBe(text(join(components, file)));
    }
  });
});
