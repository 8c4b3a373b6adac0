import { todoApiOnFakeClock } from './support/todo-api-on-fake-sidecar';

const api = todoApiOnFakeClock();

const sequences = () =>
  api()
    .events()
    .map((event) => event.sequence);
const outboxOf = (userId: string) =>
  api()
    .storedIndex(userId)
    ?.outbox.map((entry) => entry.event.sequence);
const listedUsers = () =>
  [...api().sidecar.rows('todo-store')]
    .filter(([key]) => key.startsWith('users-with-events:'))
    .flatMap(([, row]) => (row.value as { userIds: string[] }).userIds);

/**
 * A process that commits a write of `userId` and dies before publishing its events: the
 * broker never answers its publish. Resolves once the commit is in the store.
 */
async function previousProcessDiesAfterCommit(userId: string, title: string) {
  const previous = api().instance();
  const reachedPublish = new Promise<void>((resolve) => {
    api().sidecar.beforeEachCall((call) =>
      call.api === 'pubsub' ? (resolve(), new Promise<void>(() => undefined)) : undefined,
    );
  });
  previous(userId)
    .post('/todos')
    .send({ title })
    .then(
      () => undefined,
      () => undefined,
    );
  await reachedPublish;
  api().sidecar.beforeEachCall(undefined);
}

describe('the outbox sweep after a restart', () => {
  it('publishes what a previous process committed and never published, once it is 10 s old', async () => {
    await previousProcessDiesAfterCommit('u1', 'Milk');
    const restarted = api().instance();

    const atStart = await restarted.sweep();
    jest.advanceTimersByTime(10_001);
    const later = await restarted.sweep();

    expect([atStart.replayed, later.replayed]).toEqual([0, 1]);
    expect(api().events()).toMatchObject([{ event: 'todo_created', sequence: 1 }]);
  });

  it('finds the user on the list, though they never write again', async () => {
    await previousProcessDiesAfterCommit('u1', 'Milk');

    expect(listedUsers()).toEqual(['u1']);
    expect(outboxOf('u1')).toEqual([1]);
  });

  it('leaves the events to the user’s next write if that comes first, and they go out once', async () => {
    await previousProcessDiesAfterCommit('u1', 'Milk');
    const restarted = api().instance();
    jest.advanceTimersByTime(10_001);

    await restarted('u1').post('/todos').send({ title: 'Eggs' });
    const report = await restarted.sweep();

    expect(report.replayed).toBe(0);
    expect(sequences()).toEqual([1, 2]);
  });

  it('when the broker refuses them, keeps them queued for the next sweep', async () => {
    await previousProcessDiesAfterCommit('u1', 'Milk');
    jest.advanceTimersByTime(10_001);
    api().sidecar.failWhen((call) => call.api === 'pubsub');

    const refused = await api().sweep();
    const queued = { outbox: outboxOf('u1'), listed: listedUsers() };
    api().sidecar.failWhen(undefined);
    const next = await api().sweep();

    expect([refused.replayed, next.replayed]).toEqual([0, 1]);
    expect(queued).toEqual({ outbox: [1], listed: ['u1'] });
    expect(sequences()).toEqual([1]);
  });
});

describe('the outbox sweep of a user whose events all got out', () => {
  it('after 5 s without writes, empties their outbox and takes them off the list', async () => {
    await api().as('u1').post('/todos').send({ title: 'Milk' });

    const whileActive = await api().sweep();
    jest.advanceTimersByTime(5_001);
    const whenIdle = await api().sweep();

    expect([whileActive.emptied, whenIdle.emptied]).toEqual([0, 1]);
    expect(outboxOf('u1')).toEqual([]);
    expect(listedUsers()).toEqual([]);
    expect(sequences()).toEqual([1]);
  });

  it('puts them back on the list with their next write', async () => {
    await api().as('u1').post('/todos').send({ title: 'Milk' });
    jest.advanceTimersByTime(5_001);
    await api().sweep();

    await api().as('u1').post('/todos').send({ title: 'Eggs' });

    expect(listedUsers()).toEqual(['u1']);
    expect(outboxOf('u1')).toEqual([2]);
  });

  it('loses to a write of another process that commits first, and keeps that write’s event', async () => {
    const other = api().instance();
    await api().as('u1').post('/todos').send({ title: 'Milk' });
    jest.advanceTimersByTime(5_001);
    let raced = false;
    api().sidecar.beforeEachCall(async (call) => {
      if (raced || call.api !== 'state' || call.operation !== 'transaction') return;
      raced = true;
      await other('u1').post('/todos').send({ title: 'Eggs' });
    });

    const report = await api().sweep();

    expect(api().sidecar.conflicts()).toBe(1);
    expect(report.emptied).toBe(0);
    expect(outboxOf('u1')).toEqual([1, 2]);
    expect(listedUsers()).toEqual(['u1']);
  });

  it('lists a user whose index is from before the list existed with their next write', async () => {
    await api().as('u1').post('/todos').send({ title: 'Milk' });
    const rows = api().sidecar.rows('todo-store');
    for (const key of rows.keys()) if (key.startsWith('users-with-events:')) rows.delete(key);
    const index = rows.get('todos-of:u1');
    if (index) delete (index.value as { listed?: boolean }).listed;

    await api().as('u1').post('/todos').send({ title: 'Eggs' });

    expect(listedUsers()).toEqual(['u1']);
    expect(api().storedIndex('u1')?.listed).toBe(true);
  });

  it('lists users in shards, so that users with events do not all share one key', async () => {
    const users = Array.from({ length: 20 }, (_, n) => `user-${n.toString()}`);

    await Promise.all(users.map((userId) => api().as(userId).post('/todos').send({ title: 'A' })));

    const shards = [...api().sidecar.rows('todo-store').keys()].filter((key) =>
      key.startsWith('users-with-events:'),
    );
    expect(shards.length).toBeGreaterThan(5);
    expect(listedUsers().sort()).toEqual([...users].sort());
  });
});
