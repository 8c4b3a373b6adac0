import { Topics, TodoEvent, UserEvent } from '@todo-dapr/contracts';
import { createServiceApp, jsonBody, type ServiceDeps } from '@todo-dapr/platform';
import type { Express } from 'express';
import type { SubscriberConfig } from './config';
import { createProcessedEventStore } from './dapr/processed-event-store';
import { createEventConsumer } from './domain/event-consumer';
import { eventRoutes } from './http/event-routes';

export function createApp({ config, logger, sidecar }: ServiceDeps<SubscriberConfig>): Express {
  const processedEvents = createProcessedEventStore(
    sidecar.state,
    config.PROCESSED_EVENT_TTL_SECONDS,
  );
  const consumers = {
    [Topics.todos]: createEventConsumer({
      topic: Topics.todos,
      schema: TodoEvent,
      processedEvents,
      logger,
    }),
    [Topics.users]: createEventConsumer({
      topic: Topics.users,
      schema: UserEvent,
      processedEvents,
      logger,
    }),
  };
  return createServiceApp({
    service: 'subscriber',
    logger,
    readiness: sidecar,
    routes: (app) => {
      app.use(jsonBody('1mb'));
      app.use('/events', eventRoutes(config.APP_API_TOKEN, consumers));
    },
  });
}
