import { readTodoEvent, type TodoEvent } from '@todo-dapr/contracts';
import { createLogger } from '@todo-dapr/platform';
import { createEventConsumer, oneByOne, type EventHandler } from '../src/domain/event-consumer';
import { createFailureLog } from '../src/domain/failure-log';
import { PermanentFailure } from '../src/domain/permanent-failure';
import { cloudEvent, todoCreated, withoutPriority } from './todo-event-fixtures';

const logger = createLogger('test', 'silent');

function consumerWith(handlers: Record<string, EventHandler<TodoEvent>>) {
  const failures = createFailureLog();
  const consume = createEventConsumer({
    topic: 'todos',
    read: readTodoEvent,
    handlers,
    failures,
    logger,
  });
  return { consume, failures };
}

const recorder = () => {
  const seen: string[] = [];
  const handler: EventHandler<TodoEvent> = (events) => {
    seen.push(...events.map(({ id }) => id));
    return Promise.resolve(new Map());
  };
  return { seen, handler };
};
const failing =
  (error: Error): EventHandler<TodoEvent> =>
  () =>
    Promise.reject(error);

describe('the todos consumer', () => {
  it('when the event is valid, hands it to every handler in turn and answers SUCCESS', async () => {
    const a = recorder();
    const b = recorder();
    const { consume } = consumerWith({ a: a.handler, b: b.handler });
    const delivery = cloudEvent(todoCreated());

    expect(await consume([delivery])).toEqual(['SUCCESS']);
    expect(a.seen).toEqual([delivery.id]);
    expect(b.seen).toEqual([delivery.id]);
  });

  it('when the delivery is not a CloudEvent, answers DROP and calls no handler', async () => {
    const a = recorder();
    const { consume } = consumerWith({ a: a.handler });

    expect(await consume([{ hello: 'world' }])).toEqual(['DROP']);
    expect(a.seen).toEqual([]);
  });

  it('when the data breaks the contract, answers DROP and notes which fields, for the dead letter', async () => {
    const a = recorder();
    const { consume, failures } = consumerWith({ a: a.handler });
    const delivery = cloudEvent({ ...todoCreated(), todo: { title: '' } });

    expect(await consume([delivery])).toEqual(['DROP']);
    expect(a.seen).toEqual([]);
    expect(failures.get(delivery.id)).toEqual({
      reason: expect.stringContaining('todo.id') as unknown,
      attempts: 1,
    });
  });

  it('when the event is of a version it does not know, answers DROP and notes that as the reason', async () => {
    const a = recorder();
    const { consume, failures } = consumerWith({ a: a.handler });
    const delivery = cloudEvent({ ...todoCreated(), schemaVersion: 3 });

    expect(await consume([delivery])).toEqual(['DROP']);
    expect(a.seen).toEqual([]);
    expect(failures.get(delivery.id)).toEqual({
      reason: 'todo_created schemaVersion 3 is not one this consumer knows (1, 2)',
      attempts: 1,
    });
  });

  it('hands handlers a version 1 event upcast to version 2, its nulls dropped', async () => {
    const events: TodoEvent[] = [];
    const { consume } = consumerWith({
      a: oneByOne((_id, event) => Promise.resolve(void events.push(event))),
    });
    const v2 = todoCreated();
    const v1 = {
      ...v2,
      schemaVersion: 1,
      todo: { ...withoutPriority(v2.todo), description: null },
    };

    expect(await consume([cloudEvent(v1)])).toEqual(['SUCCESS']);
    expect(events).toEqual([v2]);
  });

  it('when the CloudEvent type disagrees with the event name, answers DROP', async () => {
    const { consume } = consumerWith({});

    expect(await consume([cloudEvent(todoCreated(), 'todo_deleted')])).toEqual(['DROP']);
  });

  it('when a handler fails, answers RETRY, skips the handlers after it, and counts the attempts', async () => {
    const later = recorder();
    const { consume, failures } = consumerWith({
      stats: failing(new Error('sidecar down')),
      later: later.handler,
    });
    const delivery = cloudEvent(todoCreated());

    expect(await consume([delivery])).toEqual(['RETRY']);
    expect(await consume([delivery])).toEqual(['RETRY']);
    expect(later.seen).toEqual([]);
    expect(failures.get(delivery.id)).toEqual({ reason: 'stats: sidecar down', attempts: 2 });
  });

  it('when a handler says the event can never be handled, answers DROP', async () => {
    const { consume } = consumerWith({
      notifications: failing(new PermanentFailure('token does not open')),
    });

    expect(await consume([cloudEvent(todoCreated())])).toEqual(['DROP']);
  });

  it('when a retried event finally succeeds, forgets its failures', async () => {
    let fail = true;
    const { consume, failures } = consumerWith({
      flaky: oneByOne(() => (fail ? Promise.reject(new Error('smtp down')) : Promise.resolve())),
    });
    const delivery = cloudEvent(todoCreated());
    await consume([delivery]);
    fail = false;

    expect(await consume([delivery])).toEqual(['SUCCESS']);
    expect(failures.get(delivery.id)).toBeUndefined();
  });

  it('in a bulk delivery, decides each event on its own and keeps their order', async () => {
    const a = recorder();
    const broken = cloudEvent({ ...todoCreated(), todo: { title: '' } });
    const [first, second] = [cloudEvent(todoCreated()), cloudEvent(todoCreated())];
    const { consume } = consumerWith({
      a: a.handler,
      notifications: oneByOne((id) =>
        id === second.id ? Promise.reject(new Error('smtp down')) : Promise.resolve(),
      ),
    });

    expect(await consume([first, broken, second])).toEqual(['SUCCESS', 'DROP', 'RETRY']);
    expect(a.seen).toEqual([first.id, second.id]);
  });

  it('in a bulk delivery, a handler that throws fails every event it was given', async () => {
    const [first, second] = [cloudEvent(todoCreated()), cloudEvent(todoCreated())];
    const { consume, failures } = consumerWith({ stats: failing(new Error('sidecar down')) });

    expect(await consume([first, second])).toEqual(['RETRY', 'RETRY']);
    expect(failures.get(second.id)).toEqual({ reason: 'stats: sidecar down', attempts: 1 });
  });
});
