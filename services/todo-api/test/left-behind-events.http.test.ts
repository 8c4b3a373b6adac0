import { todoApiOnFakeClock } from './support/todo-api-on-fake-sidecar';

const api = todoApiOnFakeClock();

/**
 * A write whose event is committed but never published, and stays queued: the broker refuses
 * the event, then the store fails too, so the write cannot be undone.
 */
async function leaveAnEventBehind(todoId: string) {
  let storeDown = false;
  api().sidecar.failWhen((call) => {
    if (call.api === 'pubsub') storeDown = true;
    return storeDown;
  });
  const response = await api().as('u1').patch(`/todos/${todoId}`).send({ completed: true });
  api().sidecar.failWhen(undefined);
  return response;
}
const sequences = () =>
  api()
    .events()
    .map((event) => event.sequence);

describe('an event left behind by a write that could not be undone', () => {
  it('stays in the user’s outbox, and the write stands', async () => {
    const { body: todo } = await api().as('u1').post('/todos').send({ title: 'Milk' });

    const response = await leaveAnEventBehind(todo.id);

    expect(response.status).toBe(503);
    expect(
      api()
        .storedIndex('u1')
        ?.outbox.map((entry) => entry.event.sequence),
    ).toEqual([2]);
    expect((await api().as('u1').get(`/todos/${todo.id}`)).body.completed).toBe(true);
  });

  it('goes out before the events of the user’s next write after 10 s', async () => {
    const { body: todo } = await api().as('u1').post('/todos').send({ title: 'Milk' });
    await leaveAnEventBehind(todo.id);

    jest.advanceTimersByTime(10_001);
    await api().as('u1').post('/todos').send({ title: 'Eggs' });

    expect(sequences()).toEqual([1, 2, 3]);
    expect(
      api()
        .storedIndex('u1')
        ?.outbox.map((entry) => entry.event.sequence),
    ).toEqual([2, 3]);
  });

  it('is left alone by a write within 10 s, whose writer may still be publishing it', async () => {
    const { body: todo } = await api().as('u1').post('/todos').send({ title: 'Milk' });
    await leaveAnEventBehind(todo.id);

    jest.advanceTimersByTime(10_000);
    await api().as('u1').post('/todos').send({ title: 'Eggs' });

    expect(sequences()).toEqual([1, 3]);
    expect(
      api()
        .storedIndex('u1')
        ?.outbox.map((entry) => entry.event.sequence),
    ).toEqual([2, 3]);
  });

  it('when the broker refuses it again, stays queued and lets the next write go out', async () => {
    const { body: todo } = await api().as('u1').post('/todos').send({ title: 'Milk' });
    await leaveAnEventBehind(todo.id);
    jest.advanceTimersByTime(10_001);
    api().sidecar.failWhen(
      (call) => call.api === 'pubsub' && (call.data as { sequence: number }).sequence === 2,
    );

    const response = await api().as('u1').post('/todos').send({ title: 'Eggs' });

    expect(response.status).toBe(201);
    expect(sequences()).toEqual([1, 3]);
  });
});
