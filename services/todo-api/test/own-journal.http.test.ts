import { todoApiOnFakeClock } from './support/todo-api-on-fake-sidecar';

const api = todoApiOnFakeClock();

const listed = () => api().journalOf(api().as.writerId)?.userIds;
/** Counts the state saves from now on: after registration, each is a journal write. */
function countSaves() {
  let saves = 0;
  api().sidecar.beforeEachCall((call) => {
    if (call.api === 'state' && call.operation === 'save') saves += 1;
  });
  return () => saves;
}
/** Holds every publish until the returned function is called. */
function holdPublishes() {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  api().sidecar.beforeEachCall((call) => (call.api === 'pubsub' ? held : undefined));
  return release;
}

describe('the writer journal, on a write', () => {
  it('lists the user, and the writer in the registry, before the write commits', async () => {
    let atCommit: unknown;
    api().sidecar.beforeEachCall((call) => {
      if (call.api === 'state' && call.operation === 'transaction')
        atCommit = { users: listed(), writers: api().registeredWriters() };
    });

    const response = await api().as('u1').post('/todos').send({ title: 'Milk' });

    expect(response.status).toBe(201);
    expect(atCommit).toEqual({ users: ['u1'], writers: [api().as.writerId] });
  });

  it('is written once for a user, not for each of their writes', async () => {
    await api().as('u1').post('/todos').send({ title: 'Milk' });
    const saves = countSaves();

    for (const title of ['Eggs', 'Tea', 'Jam']) await api().as('u1').post('/todos').send({ title });

    expect(saves()).toBe(0);
  });

  it('is written once or twice for users who write at the same time, not once each', async () => {
    await api().heartbeat();
    const saves = countSaves();
    const users = Array.from({ length: 10 }, (_, n) => `user-${String(n)}`);

    await Promise.all(users.map((userId) => api().as(userId).post('/todos').send({ title: 'A' })));

    expect(saves()).toBeLessThanOrEqual(2);
    expect(listed()?.sort()).toEqual([...users].sort());
  });

  it('when it cannot be written, the write answers 503 and commits nothing; the next one lists the user', async () => {
    api().sidecar.failWhen((call) => call.api === 'state' && call.operation === 'save');

    const refused = await api().as('u1').post('/todos').send({ title: 'Milk' });
    api().sidecar.failWhen(undefined);
    const stored = api().storedIndex('u1');
    const accepted = await api().as('u1').post('/todos').send({ title: 'Eggs' });

    expect([refused.status, accepted.status]).toEqual([503, 201]);
    expect(stored).toBeUndefined();
    expect(listed()).toEqual(['u1']);
    expect(api().events()).toMatchObject([{ event: 'todo_created', sequence: 1 }]);
  });
});

describe('the writer journal’s heartbeat', () => {
  it('rewrites it with a fresh aliveAt, keeping a user who wrote within 30 s', async () => {
    await api().as('u1').post('/todos').send({ title: 'Milk' });
    const firstAliveAt = api().journalOf(api().as.writerId)?.aliveAt ?? 0;

    jest.advanceTimersByTime(30_000);
    await api().heartbeat();

    expect(api().journalOf(api().as.writerId)).toEqual({
      aliveAt: firstAliveAt + 30_000,
      userIds: ['u1'],
    });
  });

  it('trims a user idle for over 30 s whose events got out; their next write lists them again', async () => {
    await api().as('u1').post('/todos').send({ title: 'Milk' });

    jest.advanceTimersByTime(30_001);
    await api().heartbeat();
    const trimmed = listed();
    await api().as('u1').post('/todos').send({ title: 'Eggs' });

    expect(trimmed).toEqual([]);
    expect(listed()).toEqual(['u1']);
  });

  it('keeps a user idle for over 30 s whose event never got out', async () => {
    const { body: todo } = await api().as('u1').post('/todos').send({ title: 'Milk' });
    let storeDown = false;
    api().sidecar.failWhen((call) => (storeDown ||= call.api === 'pubsub'));
    const stuck = await api()
      .as('u1')
      .patch(`/todos/${String(todo.id)}`)
      .send({ completed: true });
    api().sidecar.failWhen(undefined);

    jest.advanceTimersByTime(30_001);
    await api().heartbeat();

    expect(stuck.status).toBe(503);
    expect(
      api()
        .storedIndex('u1')
        ?.outbox.map((entry) => entry.event.sequence),
    ).toEqual([2]);
    expect(listed()).toEqual(['u1']);
  });

  it('never trims a user whose write is under way', async () => {
    await api().as('u1').post('/todos').send({ title: 'Milk' });
    jest.advanceTimersByTime(30_001);
    const release = holdPublishes();
    const writing = api()
      .as('u1')
      .post('/todos')
      .send({ title: 'Eggs' })
      .then((r) => r.status);
    await eventuallyTrue(() => (api().storedIndex('u1')?.sequence ?? 0) === 2);

    jest.advanceTimersByTime(30_001);
    await api().heartbeat();
    const whileWriting = listed();
    release();

    expect(whileWriting).toEqual(['u1']);
    expect(await writing).toBe(201);
  });

  it('lists the writer again after a sweep elsewhere took it for dead and unlisted it', async () => {
    await api().heartbeat();
    api().sidecar.rows('todo-store').delete('todo-api-writers');

    await api().heartbeat();

    expect(api().registeredWriters()).toEqual([api().as.writerId]);
  });
});

/** Waits, turn by turn of the event loop, until `condition` holds (a request is mid-way). */
async function eventuallyTrue(condition: () => boolean) {
  for (let turn = 0; !condition(); turn += 1) {
    if (turn > 10_000) throw new Error('the condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
