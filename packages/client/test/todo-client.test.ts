import {
  createTodoClient,
  memoryTokenStore,
  NetworkError,
  NotLoggedInError,
  ProblemError,
  type TokenStore,
} from '@todo-dapr/client';
import { startFakeOrigin, type FakeOrigin } from '@todo-dapr/client/testing';

const PASSWORD = 'correct horse battery';

describe('createTodoClient against an origin over HTTP', () => {
  let origin: FakeOrigin;
  let tokens: TokenStore;
  let client: ReturnType<typeof createTodoClient>;

  beforeEach(async () => {
    origin = await startFakeOrigin({ pageSize: 2 });
    tokens = memoryTokenStore();
    client = createTodoClient({ origin: origin.origin, tokens });
    await client.register('alice', 'alice@example.com', PASSWORD);
    await client.login('alice', PASSWORD);
  });

  afterEach(() => origin.close());

  it('logs in, keeps the tokens, and sends the access token as a Bearer', async () => {
    const created = await client.createTodo({ title: '  Buy milk ' });

    expect(tokens.get()).toMatchObject({ accessToken: expect.stringMatching(/^at-/) });
    expect(created).toMatchObject({ title: 'Buy milk', completed: false });
    expect(origin.requests.at(-1)?.authorization).toBe(`Bearer ${tokens.get()?.accessToken}`);
  });

  it('lists every page of todos, following Link rel="next", with the completed filter', async () => {
    for (const title of ['a', 'b', 'c', 'd', 'e']) await client.createTodo({ title });
    const [first] = await client.listTodos();
    await client.updateTodo(first?.id ?? '', { completed: true });

    const all = await client.listTodos();
    const done = await client.listTodos({ completed: true });
    const open = await client.listTodos({ completed: false });

    expect(all.map((todo) => todo.title)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(done.map((todo) => todo.title)).toEqual(['a']);
    expect(open).toHaveLength(4);
  });

  it('updates, deletes and clears the completed todos only', async () => {
    const keep = await client.createTodo({ title: 'keep' });
    const finished = await client.createTodo({ title: 'finished' });
    const gone = await client.createTodo({ title: 'gone' });

    await client.updateTodo(finished.id, { completed: true });
    await client.deleteTodo(gone.id);
    await client.clearTodos({ completed: true });

    expect((await client.listTodos()).map((todo) => todo.id)).toEqual([keep.id]);
  });

  describe('when the API answers a problem', () => {
    it('throws a ProblemError with the status and the RFC 9457 body, field errors included', async () => {
      const error = await client.createTodo({ title: '   ' }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ProblemError);
      expect((error as ProblemError).status).toBe(400);
      expect((error as ProblemError).problem.errors).toEqual([
        { path: 'title', message: 'must not be blank' },
      ]);
      expect((error as ProblemError).message).toBe(
        'Bad Request: The request body is invalid. (title: must not be blank)',
      );
    });

    it('describes an answer that is not a problem by its status', async () => {
      const error = await client.getTodo('x/../../nowhere').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ProblemError);
      expect((error as ProblemError).status).toBe(404);
    });
  });

  describe('when the access token has expired (401)', () => {
    it('refreshes once, keeps the new tokens and retries the call', async () => {
      const before = tokens.get();
      origin.expireAccessTokens();

      const todos = await client.listTodos();

      expect(todos).toEqual([]);
      expect(tokens.get()?.refreshToken).not.toBe(before?.refreshToken);
      expect(origin.requests.map((r) => `${r.method} ${r.path}`).slice(-3)).toEqual([
        'GET /todos',
        'POST /auth/refresh',
        'GET /todos',
      ]);
    });

    it('refreshes only once for calls that fail together, since refresh tokens rotate', async () => {
      origin.expireAccessTokens();

      await Promise.all([client.listTodos(), client.stats(), client.me()]);

      expect(origin.requests.filter((r) => r.path === '/auth/refresh')).toHaveLength(1);
    });

    it('forgets a session whose refresh token is refused, and throws its problem', async () => {
      origin.expireAccessTokens();
      const stale = tokens.get();
      tokens.set(stale && { ...stale, refreshToken: 'rt-revoked' });

      const error = await client.listTodos().catch((e: unknown) => e);

      expect((error as ProblemError).status).toBe(401);
      expect(tokens.get()).toBeUndefined();
    });

    it('does not refresh a second time when the retry is refused too', async () => {
      origin.failNext('GET', '/stats', {
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        code: 'X',
      });
      origin.failNext('GET', '/stats', {
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        code: 'X',
      });

      const error = await client.stats().catch((e: unknown) => e);

      expect((error as ProblemError).status).toBe(401);
      expect(origin.requests.filter((r) => r.path === '/auth/refresh')).toHaveLength(1);
    });
  });

  it('throws NotLoggedInError without a request when there are no tokens', async () => {
    await client.logout();
    const count = origin.requests.length;

    await expect(client.listTodos()).rejects.toBeInstanceOf(NotLoggedInError);
    expect(origin.requests).toHaveLength(count);
  });

  it('throws NetworkError when nothing listens at the origin', async () => {
    const closed = await startFakeOrigin();
    await closed.close();
    const nowhere = createTodoClient({ origin: closed.origin, tokens });

    const error = await nowhere.listTodos().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(
      `${closed.origin} cannot be reached: connect ECONNREFUSED ${closed.origin.slice(7)}`,
    );
  });
});
