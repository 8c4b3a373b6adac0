import { todoApiOnFakeClock } from './support/todo-api-on-fake-sidecar';

const api = todoApiOnFakeClock();

const published = () =>
  api().sidecar.published.map(({ data }) => {
    const { event, sequence, todo } = data as {
      event: string;
      sequence: number;
      todo: { id: string };
    };
    return { event, sequence, todoId: todo.id };
  });

/**
 * Another process commits a write of `userId` and stops before its event gets out: the
 * broker refuses the event, then the store fails too, so the write cannot be undone. That
 * process then never writes its journal again, as if it had died there.
 */
async function aWriterDiesAfterCommit(userId: string, title: string) {
  const dead = api().instance();
  let storeDown = false;
  api().sidecar.failWhen((call) => (storeDown ||= call.api === 'pubsub'));
  const response = await dead(userId).post('/todos').send({ title });
  api().sidecar.failWhen(undefined);
  expect(response.status).toBe(503);
  return dead;
}

describe('the dead-writer sweep', () => {
  it('publishes what a writer silent for 20 s committed and never published, though the user never writes again', async () => {
    const dead = await aWriterDiesAfterCommit('u1', 'Milk');
    const todoId = api().storedIndex('u1')?.entries[0]?.id;

    jest.advanceTimersByTime(20_000);
    const tooSoon = await api().sweep();
    jest.advanceTimersByTime(1);
    const report = await api().sweep();

    expect(tooSoon).toEqual({ dead: 0, adopted: 0, replayed: 0 });
    expect(report).toEqual({ dead: 1, adopted: 1, replayed: 1 });
    expect(published()).toEqual([{ event: 'todo_created', sequence: 1, todoId }]);
    expect(api().journalOf(dead.writerId)).toBeUndefined();
    expect(api().registeredWriters()).not.toContain(dead.writerId);
  });

  it('leaves a live writer’s journal alone', async () => {
    const live = api().instance();
    await live('u1').post('/todos').send({ title: 'Milk' });
    jest.advanceTimersByTime(15_000);
    await live.heartbeat();
    jest.advanceTimersByTime(10_000);

    const report = await api().sweep();

    expect(report).toEqual({ dead: 0, adopted: 0, replayed: 0 });
    expect(published()).toHaveLength(1);
    expect(api().journalOf(live.writerId)?.userIds).toEqual(['u1']);
  });

  it('when the broker refuses the events, keeps the journal for the next pass, which publishes them', async () => {
    const dead = await aWriterDiesAfterCommit('u1', 'Milk');
    jest.advanceTimersByTime(20_001);
    api().sidecar.failWhen((call) => call.api === 'pubsub');

    const refused = await api().sweep();
    const kept = { journal: api().journalOf(dead.writerId), writers: api().registeredWriters() };
    api().sidecar.failWhen(undefined);
    const next = await api().sweep();

    expect(refused).toEqual({ dead: 1, adopted: 0, replayed: 0 });
    expect(kept).toMatchObject({ journal: { userIds: ['u1'] }, writers: [dead.writerId] });
    expect(next).toEqual({ dead: 1, adopted: 1, replayed: 1 });
    expect(published().map((event) => event.sequence)).toEqual([1]);
  });

  it('publishes nothing twice when the user’s next write came first', async () => {
    await aWriterDiesAfterCommit('u1', 'Milk');
    jest.advanceTimersByTime(10_001);
    await api().as('u1').post('/todos').send({ title: 'Eggs' });
    jest.advanceTimersByTime(10_000);

    const report = await api().sweep();

    expect(report).toEqual({ dead: 1, adopted: 1, replayed: 0 });
    expect(published().map((event) => event.sequence)).toEqual([1, 2]);
  });

  it('unlists a writer whose journal is gone, taken over by a pass that did not finish', async () => {
    await api().heartbeat();
    await api().instance().heartbeat();
    const rows = api().sidecar.rows('todo-store');
    const gone = api().registeredWriters()[1] ?? '';
    rows.delete(`todo-api-writer:${gone}`);

    await api().sweep();

    expect(api().registeredWriters()).toEqual([api().as.writerId]);
  });

  it('gives a writer that comes back after being taken for dead its journal and listing again', async () => {
    const dead = await aWriterDiesAfterCommit('u1', 'Milk');
    jest.advanceTimersByTime(20_001);
    await api().sweep();

    await dead.heartbeat();

    expect(api().journalOf(dead.writerId)?.userIds).toEqual(['u1']);
    expect(api().registeredWriters()).toContain(dead.writerId);
  });
});
