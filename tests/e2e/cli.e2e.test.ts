// The built `todo` command against the real stack, through the one origin (web) only: what it
// adds reaches another device of the same user live, within 1 s, and its errors are one line.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Todo, TodoEvent } from '@todo-dapr/contracts';
import { stopStoreVariants } from './support/store-variants';
import { eventually, runningSystem } from './support/system';

const { origin } = runningSystem();
const main = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'main.js');
const username = `cli_${randomUUID().slice(0, 8)}`;
const password = 'a long and lovely passphrase';
const env = { TODO_API: origin, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'todo-e2e-')) };

// web must reach one todo-api (see the helper).
beforeAll(() => stopStoreVariants());

function start(args: string[], stdin?: string) {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  child.stdin.end(stdin);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, ...output })),
  );
  return { child, output, done };
}
const todo = (...args: string[]) => start(args).done;

describe('todo (the CLI) against the stack through web', () => {
  const seen: TodoEvent[] = [];
  const stop = new AbortController();
  const seenFor = (id: string, event: TodoEvent['event']) =>
    seen.find((e) => e.todo.id === id && e.event === event);

  beforeAll(async () => {
    const registered = await start(
      ['register', username, '--email', `${username}@example.com`, '--password-stdin'],
      password,
    ).done;
    if (registered.code !== 0) throw new Error(`todo register failed: ${registered.stderr}`);

    // Another device of the same user, listening as the browser app does. (The client is an
    // ES module; this file is CommonJS to tsc.)
    const { createTodoClient, memoryTokenStore } = await import('@todo-dapr/client');
    const device = createTodoClient({ origin, tokens: memoryTokenStore() });
    await device.login(username, password);
    let opened: () => void = () => undefined;
    const open = new Promise<void>((resolve) => (opened = resolve));
    void device.live({ signal: stop.signal, onOpen: opened, onEvent: (e) => seen.push(e) });
    await open;
    // web's own consumer group may still be joining: add until one comes back live.
    await eventually(
      'web to deliver a live event',
      async () => {
        const { stdout } = await todo('--json', 'add', 'warm-up');
        const added = JSON.parse(stdout) as Todo;
        await new Promise((resolve) => setTimeout(resolve, 1500));
        return seenFor(added.id, 'todo_created');
      },
      90_000,
    );
  });

  afterAll(async () => {
    stop.abort();
    await todo('clear', '--all', '--yes');
  });

  it('what `todo add` creates reaches another device within 1 s, and `todo watch`', async () => {
    const watch = start(['watch', '--json']);
    await eventually('todo watch to connect', () =>
      Promise.resolve(watch.output.stderr.includes('Watching') || undefined),
    );

    const { code, stdout } = await todo('--json', 'add', 'From', 'the', 'CLI');
    const addedAt = Date.now();
    const added = JSON.parse(stdout) as Todo;
    await eventually(
      'the event on the other device',
      () => Promise.resolve(seenFor(added.id, 'todo_created')),
      5000,
    );
    const latency = Date.now() - addedAt;
    await eventually('the event in todo watch', () =>
      Promise.resolve(watch.output.stdout.includes(added.id) || undefined),
    );
    watch.child.kill('SIGINT');

    expect(code).toBe(0);
    expect(added.url.startsWith(origin)).toBe(true);
    expect(latency).toBeLessThan(1000);
    expect(await watch.done).toMatchObject({ code: 0 });
  });

  it('done, ls and stats follow the change', async () => {
    const { stdout } = await todo('--json', 'add', 'Finish', 'me');
    const added = JSON.parse(stdout) as Todo;

    const done = await todo('done', added.id.slice(0, 8));
    const listed = await todo('--json', 'ls', '--completed');

    expect(done.code).toBe(0);
    expect((JSON.parse(listed.stdout) as Todo[]).map((t) => t.id)).toContain(added.id);
    await eventually('the update live', () =>
      Promise.resolve(seen.find((e) => e.todo.id === added.id && e.event === 'todo_updated')),
    );
    await eventually('GET /stats to count it', async () => {
      const stats = JSON.parse((await todo('--json', 'stats')).stdout) as { completed: number };
      return stats.completed >= 1 || undefined;
    });
  });

  it('a problem from the API is one line on stderr, exit 2', async () => {
    const { code, stdout, stderr } = await todo('add', '   ');

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'todo: Bad Request: The request body is invalid. (title: must not be blank)\n',
    );
  });
});
