import { CloudEvent, type EventRead, type Topic } from '@todo-dapr/contracts';
import { errorFields, type Logger } from '@todo-dapr/platform';
import type { DeliveryStatus } from './delivery-status';
import type { FailureLog } from './failure-log';
import { PermanentFailure } from './permanent-failure';

/** An event as delivered: its CloudEvent id and its data, read as the contract's newest version. */
export interface ReceivedEvent<E> {
  id: string;
  event: E;
}

/**
 * One consumer of a topic's events (stats, notifications). It takes the events of a
 * delivery in their order and answers with the ones it failed; throwing fails them all.
 */
export type EventHandler<E> = (events: ReceivedEvent<E>[]) => Promise<Map<string, unknown>>;

/** A handler for one event at a time, in order; one event's failure does not stop the rest. */
export function oneByOne<E>(handle: (id: string, event: E) => Promise<void>): EventHandler<E> {
  return async (events) => {
    const errors = new Map<string, unknown>();
    for (const { id, event } of events) {
      await handle(id, event).catch((error: unknown) => errors.set(id, error));
    }
    return errors;
  };
}

export interface EventConsumerDeps<E extends { event: string; userId: string }> {
  topic: Topic;
  /**
   * The topic's contract: reads a CloudEvent's data of any known version as the newest
   * (`readTodoEvent`, `readUserEvent`), or says why it cannot.
   */
  read: (data: unknown) => EventRead<E>;
  /** Run in turn; each one is idempotent, so a retry repeats only what did not happen. */
  handlers: Record<string, EventHandler<E>>;
  failures: FailureLog;
  logger: Logger;
}

/**
 * Handles a delivery of one or many events and decides the fate of each. An event that
 * breaks the topic's contract, is of a version this code does not know, or that a handler
 * can never handle, is dropped (to the dead letters); any other failure asks for a retry.
 * Nothing that failed is acknowledged.
 */
export function createEventConsumer<E extends { event: string; userId: string }>(
  deps: EventConsumerDeps<E>,
) {
  const { topic, read, handlers, failures, logger } = deps;

  function check(delivery: unknown): ReceivedEvent<E> | 'DROP' {
    const envelope = CloudEvent.safeParse(delivery);
    if (!envelope.success) {
      logger.warn('dropping a delivery that is not a CloudEvent', { topic });
      return 'DROP';
    }
    const { id, type, data } = envelope.data;
    const event = read(data);
    if (!event.ok || event.event.event !== type) {
      const reason = event.ok
        ? `CloudEvent type ${type} does not match the event's name ${event.event.event}`
        : event.reason;
      failures.note(id, reason);
      logger.warn('dropping an event', { topic, eventId: id, type, reason });
      return 'DROP';
    }
    return { id, event: event.event };
  }

  function failed(name: string, received: ReceivedEvent<E>, error: unknown): DeliveryStatus {
    const reason = `${name}: ${error instanceof Error ? error.message : String(error)}`;
    const { attempts } = failures.note(received.id, reason);
    const { event } = received;
    const context = { topic, eventId: received.id, type: event.event, userId: event.userId };
    if (error instanceof PermanentFailure) {
      logger.warn('dropping an event', { ...context, reason });
      return 'DROP';
    }
    logger.warn('event will be retried', { ...context, attempts, ...errorFields(error) });
    return 'RETRY';
  }

  return async (deliveries: unknown[]): Promise<DeliveryStatus[]> => {
    const statuses: DeliveryStatus[] = [];
    let pending: { index: number; received: ReceivedEvent<E> }[] = [];
    deliveries.forEach((delivery, index) => {
      const checked = check(delivery);
      statuses[index] = checked === 'DROP' ? 'DROP' : 'SUCCESS';
      if (checked !== 'DROP') pending.push({ index, received: checked });
    });
    // An event a handler failed skips the handlers after it, until its retry.
    for (const [name, handle] of Object.entries(handlers)) {
      if (pending.length === 0) break;
      let errors: Map<string, unknown>;
      try {
        errors = await handle(pending.map(({ received }) => received));
      } catch (error) {
        errors = new Map(pending.map(({ received }) => [received.id, error]));
      }
      pending = pending.filter(({ index, received }) => {
        if (!errors.has(received.id)) return true;
        statuses[index] = failed(name, received, errors.get(received.id));
        return false;
      });
    }
    for (const { received } of pending) failures.forget(received.id);
    return statuses;
  };
}
export type EventConsumer = (deliveries: unknown[]) => Promise<DeliveryStatus[]>;
