// The built command (npm run build first), as a user runs it: a real process, real HTTP to an
// origin in this process, and a config directory of its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOrigin, type FakeOrigin } from '@todo-dapr/client/testing';

const main = join(__dirname, '..', 'dist', 'main.js');
const PASSWORD = 'correct horse battery';

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string>, stdin?: string) {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const outcome = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (outcome.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (outcome.stderr += chunk.toString()));
  child.stdin.end(stdin);
  const done = new Promise<Outcome>((resolve) =>
    child.on('close', (code, signal) => resolve({ ...outcome, code, signal })),
  );
  return { child, outcome, done };
}

async function until(check: () => boolean) {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the built todo command', () => {
  let origin: FakeOrigin;
  let env: Record<string, string>;
  const todo = (args: string[], stdin?: string) => start(args, env, stdin).done;
  const tokenPath = () => join(env.XDG_CONFIG_HOME ?? '', 'todo-dapr', 'tokens.json');

  beforeAll(async () => {
    origin = await startFakeOrigin();
    env = { TODO_API: origin.origin, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'todo-xdg-')) };
    await todo(['register', 'alice', '--email', 'alice@example.com', '--password-stdin'], PASSWORD);
    await todo(['logout']);
  });

  afterAll(() => origin.close());

  it('login keeps the session in $XDG_CONFIG_HOME/todo-dapr/tokens.json, mode 0600', async () => {
    const { code, stdout } = await todo(['login', 'alice', '--password-stdin'], `${PASSWORD}\n`);

    expect(code).toBe(0);
    expect(stdout).toBe(`Logged in as alice at ${origin.origin}.\n`);
    expect(statSync(tokenPath()).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(tokenPath(), 'utf8'))).toEqual({
      [origin.origin]: {
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresAt: expect.any(Number),
      },
    });
  });

  it('add, ls, done and rm work on the todos', async () => {
    const added = await todo(['add', 'Buy', 'milk']);
    await todo(['add', 'Walk the dog']);
    const done = await todo(['done', '1']);
    const listed = await todo(['ls']);
    const removed = await todo(['rm', '2']);
    const after = await todo(['ls']);

    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Added {2}\[ \] {2}[0-9a-f]{8} {2}Buy milk\n$/);
    expect(done.stdout).toMatch(/^Completed {2}\[x\] {2}[0-9a-f]{8} {2}Buy milk\n$/);
    expect(listed.stdout).toMatch(
      /^1 {2}\[x\] {2}[0-9a-f]{8} {2}Buy milk\n2 {2}\[ \] {2}[0-9a-f]{8} {2}Walk the dog\n$/,
    );
    expect(removed.stdout).toMatch(/^Deleted {2}\[ \] {2}[0-9a-f]{8} {2}Walk the dog\n$/);
    expect(after.stdout).toMatch(/^1 {2}\[x\] {2}[0-9a-f]{8} {2}Buy milk\n$/);
  });

  it('refreshes an expired access token and saves the new tokens, still 0600', async () => {
    const before = readFileSync(tokenPath(), 'utf8');
    origin.expireAccessTokens();

    const { code } = await todo(['ls']);

    expect(code).toBe(0);
    expect(readFileSync(tokenPath(), 'utf8')).not.toBe(before);
    expect(statSync(tokenPath()).mode & 0o777).toBe(0o600);
  });

  it('prints a problem from the API as one line on stderr and exits 2', async () => {
    origin.failNext('POST', '/todos', {
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      code: 'TODO.INVALID',
      detail: 'The todo cannot be stored.',
      errors: [{ path: 'dueAt', message: 'must fall within the years 0000 to 9999 in UTC' }],
    });

    const { code, stdout, stderr } = await todo(['add', 'Far', 'away']);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'todo: Unprocessable Content: The todo cannot be stored. (dueAt: must fall within the years 0000 to 9999 in UTC)\n',
    );
  });

  it('exits 4 with one line when the API cannot be reached', async () => {
    const closed = await startFakeOrigin();
    await closed.close();

    const { code, stderr } = await start(
      ['login', 'alice', '--password-stdin', '--api', closed.origin],
      env,
      PASSWORD,
    ).done;

    expect(code).toBe(4);
    expect(stderr).toMatch(
      /^todo: http:\/\/127\.0\.0\.1:\d+ cannot be reached: connect ECONNREFUSED .*\n$/,
    );
  });

  it('watch prints each event as it happens, as JSON lines with --json, and stops on Ctrl-C', async () => {
    const human = start(['watch'], env);
    const json = start(['watch', '--json'], env);
    await until(
      () => human.outcome.stderr.includes('Watching') && json.outcome.stderr.includes('Watching'),
    );

    await todo(['add', 'Seen', 'live']);
    await until(() => human.outcome.stdout.includes('\n') && json.outcome.stdout.includes('\n'));
    human.child.kill('SIGINT');
    json.child.kill('SIGINT');

    expect(await human.done).toMatchObject({ code: 0 });
    expect(await json.done).toMatchObject({ code: 0 });
    expect(human.outcome.stdout).toMatch(
      /^\d\d:\d\d:\d\d {2}created {2}[0-9a-f]{8} {2}Seen live\n$/,
    );
    expect(JSON.parse(json.outcome.stdout)).toMatchObject({
      event: 'todo_created',
      todo: { title: 'Seen live' },
    });
  });

  it('logout forgets the session: the next command exits 3', async () => {
    await todo(['logout']);

    const { code, stderr } = await todo(['ls']);

    expect(code).toBe(3);
    expect(stderr).toBe('todo: Not logged in: run `todo login <username>` first.\n');
  });
});
