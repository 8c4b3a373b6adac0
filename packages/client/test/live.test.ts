import type { TodoEvent } from '@todo-dapr/contracts';
import {
  createTodoClient,
  memoryTokenStore,
  ProblemError,
  type TodoClient,
} from '@todo-dapr/client';
import { startFakeOrigin, type FakeOrigin } from '@todo-dapr/client/testing';

const PASSWORD = 'correct horse battery';

/** Collects what live() reports, and waits for it. */
function recorder() {
  const seen: { event: TodoEvent; id: string | undefined }[] = [];
  let resyncs = 0;
  let opens = 0;
  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 3000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for live events');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return {
    seen,
    resyncs: () => resyncs,
    opens: () => opens,
    until,
    options: (signal: AbortSignal) => ({
      signal,
      onEvent: (event: TodoEvent, id: string | undefined) => seen.push({ event, id }),
      onResync: () => (resyncs += 1),
      onOpen: () => (opens += 1),
    }),
  };
}

describe('client.live() against an origin over HTTP', () => {
  let origin: FakeOrigin;
  let client: TodoClient;
  let stop: AbortController;

  beforeEach(async () => {
    origin = await startFakeOrigin();
    client = createTodoClient({ origin: origin.origin, tokens: memoryTokenStore() });
    await client.register('alice', 'alice@example.com', PASSWORD);
    await client.login('alice', PASSWORD);
    stop = new AbortController();
  });

  afterEach(async () => {
    stop.abort();
    await origin.close();
  });

  it('delivers each event as the TodoEvent with its id, and resolves when aborted', async () => {
    const live = recorder();
    const running = client.live(live.options(stop.signal));
    await live.until(() => live.opens() === 1);

    const todo = await client.createTodo({ title: 'Buy milk' });
    await client.updateTodo(todo.id, { completed: true });
    await live.until(() => live.seen.length === 2);
    stop.abort();

    await expect(running).resolves.toBeUndefined();
    expect(live.seen.map(({ event, id }) => [event.event, id])).toEqual([
      ['todo_created', 'ev-1'],
      ['todo_updated', 'ev-2'],
    ]);
    expect(live.seen[0]?.event).toMatchObject({ todo: { id: todo.id, title: 'Buy milk' } });
    await live.until(() => origin.liveStreams() === 0);
  });

  it('reconnects after a dropped stream with Last-Event-ID, and gets what it missed', async () => {
    const live = recorder();
    void client.live(live.options(stop.signal));
    await live.until(() => live.opens() === 1);
    await client.createTodo({ title: 'before' });
    await live.until(() => live.seen.length === 1);

    const release = origin.holdLive();
    origin.dropLiveStreams();
    await client.createTodo({ title: 'while away' });
    release();
    await live.until(() => live.seen.length === 2);

    const reconnect = origin.requests.filter((r) => r.path === '/live').at(-1);
    expect(reconnect?.lastEventId).toBe('ev-1');
    expect(live.seen[1]).toMatchObject({ id: 'ev-2', event: { todo: { title: 'while away' } } });
    expect(live.opens()).toBe(2);
  });

  it('calls onResync when the origin no longer has the last event id', async () => {
    const live = recorder();
    void client.live(live.options(stop.signal));
    await live.until(() => live.opens() === 1);
    await client.createTodo({ title: 'before' });
    await live.until(() => live.seen.length === 1);

    origin.forgetEvents();
    origin.dropLiveStreams();
    await live.until(() => live.resyncs() === 1);

    expect(live.seen).toHaveLength(1);
  });

  it('refreshes an expired access token before opening the stream', async () => {
    origin.expireAccessTokens();
    const live = recorder();

    void client.live(live.options(stop.signal));
    await live.until(() => live.opens() === 1);

    expect(origin.requests.map((r) => r.path).slice(-3)).toEqual([
      '/live',
      '/auth/refresh',
      '/live',
    ]);
  });

  it('retries after a 503, and gives up on a 4xx problem', async () => {
    const unavailable = {
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      code: 'X',
    };
    origin.failNext('GET', '/live', unavailable);
    const live = recorder();
    void client.live(live.options(stop.signal));
    await live.until(() => live.opens() === 1);

    origin.failNext('GET', '/live', { ...unavailable, title: 'Forbidden', status: 403 });
    const refused = client.live({ onEvent: () => undefined, signal: stop.signal });

    await expect(refused).rejects.toBeInstanceOf(ProblemError);
  });

  it('stops when onDisconnect answers false', async () => {
    const errors: unknown[] = [];
    const live = recorder();
    const running = client.live({
      ...live.options(stop.signal),
      onDisconnect: (error) => {
        errors.push(error);
        return false;
      },
    });
    await live.until(() => live.opens() === 1);

    origin.dropLiveStreams();

    await expect(running).rejects.toThrow();
    expect(errors).toHaveLength(1);
  });
});
