import { CloudEvent, type Topic } from '@todo-dapr/contracts';
import { errorFields, type Logger } from '@todo-dapr/platform';
import type { z } from 'zod';
import type { DeliveryStatus } from './delivery-status';
import type { FailureLog } from './failure-log';
import { PermanentFailure } from './permanent-failure';

/** One consumer of a topic's events (analytics, notifications); throws to ask for a retry. */
export type EventHandler<E> = (eventId: string, event: E) => Promise<void>;

export interface EventConsumerDeps<E extends { event: string; userId: string }> {
  topic: Topic;
  /** The topic's contract: a discriminated union on `event`. */
  schema: z.ZodType<E>;
  /** Run in turn; each one is idempotent, so a retry repeats only what did not happen. */
  handlers: Record<string, EventHandler<E>>;
  failures: FailureLog;
  logger: Logger;
}

/**
 * Handles one delivery and decides its fate. An event that breaks the topic's contract, or
 * that a handler can never handle, is dropped (to the dead-letter topic); any other failure
 * asks for a retry. Nothing that failed is acknowledged.
 */
export function createEventConsumer<E extends { event: string; userId: string }>(
  deps: EventConsumerDeps<E>,
) {
  const { topic, schema, handlers, failures, logger } = deps;
  return async (delivery: unknown): Promise<DeliveryStatus> => {
    const envelope = CloudEvent.safeParse(delivery);
    if (!envelope.success) {
      logger.warn('dropping a delivery that is not a CloudEvent', { topic });
      return 'DROP';
    }
    const { id, type, data } = envelope.data;
    const event = schema.safeParse(data);
    if (!event.success || event.data.event !== type) {
      const reason = event.success
        ? `CloudEvent type ${type} does not match the event's name ${event.data.event}`
        : `breaks the ${topic} contract: ${event.error.issues
            .map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`)
            .join('; ')}`;
      failures.note(id, reason);
      logger.warn('dropping an event', { topic, eventId: id, type, reason });
      return 'DROP';
    }
    for (const [name, handle] of Object.entries(handlers)) {
      try {
        await handle(id, event.data);
      } catch (error) {
        const reason = `${name}: ${error instanceof Error ? error.message : String(error)}`;
        const { attempts } = failures.note(id, reason);
        if (error instanceof PermanentFailure) {
          logger.warn('dropping an event', { topic, eventId: id, type, reason });
          return 'DROP';
        }
        logger.warn('event will be retried', {
          topic,
          eventId: id,
          attempts,
          ...errorFields(error),
        });
        return 'RETRY';
      }
    }
    failures.forget(id);
    return 'SUCCESS';
  };
}
export type EventConsumer = (delivery: unknown) => Promise<DeliveryStatus>;
