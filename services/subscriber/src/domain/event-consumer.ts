import { CloudEvent, type Topic } from '@todo-dapr/contracts';
import { errorFields, type Logger } from '@todo-dapr/platform';
import type { z } from 'zod';
import type { ProcessedEventStore } from '../dapr/processed-event-store';
import type { DeliveryStatus } from './delivery-status';

export interface EventConsumerDeps<S extends z.ZodType<{ event: string; userId: string }>> {
  topic: Topic;
  /** The topic's contract: a discriminated union on `event`. */
  schema: S;
  processedEvents: ProcessedEventStore;
  logger: Logger;
}

/**
 * Handles one delivery. An event that breaks the topic's contract is dropped (to the
 * dead-letter topic); a store failure asks for a retry; a repeat is acknowledged.
 */
export function createEventConsumer<S extends z.ZodType<{ event: string; userId: string }>>(
  deps: EventConsumerDeps<S>,
) {
  const { topic, schema, processedEvents, logger } = deps;
  return async (delivery: unknown): Promise<DeliveryStatus> => {
    const envelope = CloudEvent.safeParse(delivery);
    if (!envelope.success) {
      logger.warn('dropping a delivery that is not a CloudEvent', {
        topic,
        issues: envelope.error.issues,
      });
      return 'DROP';
    }
    const { id, type, data } = envelope.data;
    const event = schema.safeParse(data);
    if (!event.success || event.data.event !== type) {
      logger.warn('dropping an event that breaks the contract', { topic, eventId: id, type });
      return 'DROP';
    }
    try {
      if (await processedEvents.claim(id, { topic, type })) {
        logger.debug('event processed', { topic, eventId: id, type, userId: event.data.userId });
      }
      return 'SUCCESS';
    } catch (error) {
      logger.warn('event will be retried', { topic, eventId: id, ...errorFields(error) });
      return 'RETRY';
    }
  };
}
export type EventConsumer = (delivery: unknown) => Promise<DeliveryStatus>;
