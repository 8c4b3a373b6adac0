import { CloudEvent, TodoEvent, Topics } from '@todo-dapr/contracts';
import { errorFields, type Logger } from '@todo-dapr/platform';
import type { ProcessedEventStore } from '../dapr/processed-event-store';
import type { DeliveryStatus } from './delivery-status';

export interface TodoEventConsumerDeps {
  processedEvents: ProcessedEventStore;
  logger: Logger;
}

/**
 * Handles one delivery from topic `todos`. An event that breaks the contract is dropped
 * (to the dead-letter topic); a store failure asks for a retry; a repeat is acknowledged.
 */
export function createTodoEventConsumer({ processedEvents, logger }: TodoEventConsumerDeps) {
  return async (delivery: unknown): Promise<DeliveryStatus> => {
    const envelope = CloudEvent.safeParse(delivery);
    if (!envelope.success) {
      logger.warn('dropping a delivery that is not a CloudEvent', {
        issues: envelope.error.issues,
      });
      return 'DROP';
    }
    const { id, type, data } = envelope.data;
    const event = TodoEvent.safeParse(data);
    if (!event.success || event.data.event !== type) {
      logger.warn('dropping an event that breaks the todos contract', { eventId: id, type });
      return 'DROP';
    }
    try {
      if (await processedEvents.has(id)) return 'SUCCESS';
      await processedEvents.add(id, { topic: Topics.todos, type });
      logger.info('event processed', { eventId: id, type, userId: event.data.userId });
      return 'SUCCESS';
    } catch (error) {
      logger.warn('event will be retried', { eventId: id, ...errorFields(error) });
      return 'RETRY';
    }
  };
}
export type TodoEventConsumer = ReturnType<typeof createTodoEventConsumer>;
