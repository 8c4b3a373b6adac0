import { createLogger } from '@todo-dapr/platform';
import type { ProcessedEventStore } from '../src/dapr/processed-event-store';
import { TodoEvent } from '@todo-dapr/contracts';
import { createEventConsumer } from '../src/domain/event-consumer';
import { cloudEvent, todoCreated } from './todo-event-fixtures';

/** An in-memory stand-in for the state store, for the pure decision logic. */
function memoryStore(failWith?: Error) {
  const ids = new Map<string, unknown>();
  const store: ProcessedEventStore = {
    claim: (id, details) => {
      if (failWith) return Promise.reject(failWith);
      if (ids.has(id)) return Promise.resolve(false);
      ids.set(id, details);
      return Promise.resolve(true);
    },
  };
  return { ids, store };
}

const logger = createLogger('test', 'silent');
const consumerFor = (processedEvents: ProcessedEventStore) =>
  createEventConsumer({ topic: 'todos', schema: TodoEvent, processedEvents, logger });

describe('the todos consumer', () => {
  it('when the event is valid, records it and answers SUCCESS', async () => {
    const { ids, store } = memoryStore();
    const consume = consumerFor(store);
    const delivery = cloudEvent(todoCreated());

    const status = await consume(delivery);

    expect(status).toBe('SUCCESS');
    expect(ids.get(delivery.id)).toEqual({ topic: 'todos', type: 'todo_created' });
  });

  it('when the same event is delivered again, answers SUCCESS without recording it twice', async () => {
    const { ids, store } = memoryStore();
    const claim = jest.spyOn(store, 'claim');
    const consume = consumerFor(store);
    const delivery = cloudEvent(todoCreated());

    await consume(delivery);
    const second = await consume(delivery);

    expect(second).toBe('SUCCESS');
    expect(claim).toHaveBeenCalledTimes(2);
    expect(ids.size).toBe(1);
  });

  it('when the delivery is not a CloudEvent, answers DROP', async () => {
    const { ids, store } = memoryStore();
    const consume = consumerFor(store);

    expect(await consume({ hello: 'world' })).toBe('DROP');
    expect(ids.size).toBe(0);
  });

  it('when the data breaks the contract, answers DROP', async () => {
    const { store } = memoryStore();
    const consume = consumerFor(store);
    const broken = { ...todoCreated(), todo: { title: '' } };

    expect(await consume(cloudEvent(broken))).toBe('DROP');
  });

  it('when the CloudEvent type disagrees with the event name, answers DROP', async () => {
    const { store } = memoryStore();
    const consume = consumerFor(store);

    expect(await consume(cloudEvent(todoCreated(), 'todo_deleted'))).toBe('DROP');
  });

  it('when the store fails, answers RETRY so that the event is not lost', async () => {
    const { store } = memoryStore(new Error('sidecar down'));
    const consume = consumerFor(store);

    expect(await consume(cloudEvent(todoCreated()))).toBe('RETRY');
  });
});
