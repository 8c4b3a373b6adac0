import { startFakeOrigin, type FakeOrigin } from '@todo-dapr/client/testing';
import { inProcess } from './support.js';

const PASSWORD = 'correct horse battery';

describe('todo (in-process, against an origin over HTTP)', () => {
  let origin: FakeOrigin;
  let todo: ReturnType<typeof inProcess>;

  beforeEach(async () => {
    origin = await startFakeOrigin();
    todo = inProcess({ TODO_API: origin.origin });
    await todo.run(['register', 'alice', '--email', 'alice@example.com', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
  });

  afterEach(() => origin.close());

  describe('usage errors (exit 1, one line on stderr)', () => {
    it.each([
      [['frob'], /^error: unknown command 'frob'/],
      [
        ['ls', '--active', '--completed'],
        /^todo: Give one of --active, --completed and --all\.\n$/,
      ],
      [['edit', '1'], /^todo: Nothing to change/],
      [['add', 'x', '--due', 'someday'], /^todo: --due takes today, tomorrow/],
      [
        ['done', '9'],
        /^todo: There is no todo number 9 \(`todo ls` shows 0 todos\), and no id starts with it\.\n$/,
      ],
      [['clear', '--all'], /^todo: clear --all deletes every todo, open ones too: add --yes/],
      [
        ['ls', '--api', 'ftp://example'],
        /^todo: --api \(or TODO_API\) must be an http\(s\) origin/,
      ],
      [['add'], /^error: missing required argument 'title'/],
      [['add', 'x', '--priority', 'urgent'], /^todo: --priority takes low, normal or high/],
    ])('todo %j', async (argv, message) => {
      const { code, stderr } = await todo.run(argv);

      expect(code).toBe(1);
      expect(stderr).toMatch(message);
    });

    it('will not prompt for a password when stdin is not a terminal', async () => {
      const { code, stderr } = await todo.run(['login', 'alice']);

      expect(code).toBe(1);
      expect(stderr).toBe(
        'todo: stdin is not a terminal: pipe the password in with --password-stdin.\n',
      );
    });
  });

  it('--json prints what the API answered, for scripts', async () => {
    await todo.run(['add', 'Buy', 'milk', '--description', '2 litres', '--due', '2030-01-01']);

    const { code, stdout } = await todo.run(['--json', 'ls']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({
        title: 'Buy milk',
        description: '2 litres',
        dueAt: expect.any(String),
      }),
    ]);
  });

  it('ls --active and --completed keep the numbers of the whole list', async () => {
    for (const title of ['one', 'two', 'three']) await todo.run(['add', title]);
    await todo.run(['done', '2']);

    const active = await todo.run(['ls', '--active']);
    const completed = await todo.run(['ls', '--completed']);

    expect(active.stdout).toMatch(/^1 {2}\[ \] {2}\S{8} {2}one\n3 {2}\[ \] {2}\S{8} {2}three\n$/);
    expect(completed.stdout).toMatch(/^2 {2}\[x\] {2}\S{8} {2}two\n$/);
  });

  it('edit changes the title and removes the due date; undo reopens', async () => {
    await todo.run(['add', 'old', '--due', 'tomorrow']);
    await todo.run(['done', '1']);

    await todo.run(['edit', '1', 'new', 'title', '--no-due']);
    await todo.run(['undo', '1']);
    const { stdout } = await todo.run(['--json', 'ls']);

    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({ title: 'new title', completed: false }),
    ]);
    expect(JSON.parse(stdout)[0]).not.toHaveProperty('dueAt');
  });

  it('add --priority and edit --priority set it; ls marks high and low', async () => {
    await todo.run(['add', 'urgent', 'thing', '--priority', 'high']);
    await todo.run(['add', 'someday']);

    await todo.run(['edit', '2', '--priority', 'LOW']);
    const { stdout } = await todo.run(['ls']);
    const json = await todo.run(['--json', 'ls']);

    expect(stdout).toMatch(
      /^1 {2}\[ \] {2}\S{8} {2}urgent thing {2}\(high\)\n2 {2}\[ \] {2}\S{8} {2}someday {2}\(low\)\n$/,
    );
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ title: 'urgent thing', priority: 'high' }),
      expect.objectContaining({ title: 'someday', priority: 'low' }),
    ]);
  });

  it('clear deletes only the completed todos, as TodoMVC does', async () => {
    for (const title of ['keep', 'finished']) await todo.run(['add', title]);
    await todo.run(['done', '2']);

    const cleared = await todo.run(['clear']);
    const { stdout } = await todo.run(['ls']);

    expect(cleared.stdout).toBe('Deleted 1 completed todo.\n');
    expect(stdout).toMatch(/keep\n$/);
    expect(origin.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/todos',
    ]);
  });

  it('stats prints the counts', async () => {
    await todo.run(['add', 'one']);

    const { code, stdout } = await todo.run(['stats']);

    expect(code).toBe(0);
    expect(stdout).toBe(
      '1 todo: 1 open, 0 completed (0% done)\n1 created in the last 7 days, 0 deleted so far\n',
    );
  });

  it('a session refused on refresh exits 3 and asks to log in again', async () => {
    origin.expireAccessTokens();
    await todo.run(['logout']);

    const { code, stderr } = await todo.run(['ls']);

    expect(code).toBe(3);
    expect(stderr).toBe('todo: Not logged in: run `todo login <username>` first.\n');
  });
});
