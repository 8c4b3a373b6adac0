import { createServiceApp, jsonBody, type ServiceDeps } from '@todo-dapr/platform';
import type { Express } from 'express';
import type { SubscriberConfig } from './config';
import { createProcessedEventStore } from './dapr/processed-event-store';
import { createTodoEventConsumer } from './domain/todo-event-consumer';
import { eventRoutes } from './http/event-routes';

export function createApp({ config, logger, sidecar }: ServiceDeps<SubscriberConfig>): Express {
  const processedEvents = createProcessedEventStore(
    sidecar.state,
    config.PROCESSED_EVENT_TTL_SECONDS,
  );
  const consumeTodoEvent = createTodoEventConsumer({ processedEvents, logger });
  return createServiceApp({
    service: 'subscriber',
    logger,
    readiness: sidecar,
    routes: (app) => {
      app.use(jsonBody('1mb'));
      app.use('/events', eventRoutes(config.APP_API_TOKEN, consumeTodoEvent));
    },
  });
}
