import {
  DaprResources,
  readTodoEvent,
  readUserEvent,
  TodoEvent,
  Topics,
  UserEvent,
} from '@todo-dapr/contracts';
import {
  createServiceApp,
  createServiceVerifier,
  jsonBody,
  openApiRoute,
  type ServiceDeps,
} from '@todo-dapr/platform';
import type { Express } from 'express';
import type { SubscriberConfig } from './config';
import { createDeadLetterStore } from './dapr/dead-letter-store';
import { createEmailSender } from './dapr/email-binding';
import { createContactStore, createSentMailStore } from './dapr/notification-store';
import { createStatsStore } from './dapr/stats-store';
import { createStatsConsumer } from './domain/stats-consumer';
import { createEventConsumer, oneByOne } from './domain/event-consumer';
import { createFailureLog } from './domain/failure-log';
import { createNotifier } from './domain/notifier';
import { deadLetterAdminRoutes } from './http/dead-letter-admin-routes';
import { eventRoutes } from './http/event-routes';
import { subscriberOpenApi } from './http/openapi';
import { statsRoutes } from './http/stats-routes';

const namesOf = (union: typeof TodoEvent | typeof UserEvent) =>
  union.options.map((option) => option.shape.event.value);

export function createApp({ config, logger, sidecar }: ServiceDeps<SubscriberConfig>): Express {
  const stats = createStatsStore(sidecar.state, config.PROCESSED_EVENT_TTL_SECONDS);
  const deadLetters = createDeadLetterStore(sidecar.state, {
    ttlSeconds: config.DEAD_LETTER_TTL_SECONDS,
    maxLetters: config.DEAD_LETTER_MAX,
  });
  const failures = createFailureLog();
  const statsConsumer = createStatsConsumer(stats);
  const notify = createNotifier({
    contacts: createContactStore(sidecar.state),
    sent: createSentMailStore(sidecar.state, config.PROCESSED_EVENT_TTL_SECONDS),
    send: createEmailSender(sidecar.bindings),
    resetTokenKey: () => sidecar.secrets.get(DaprResources.secrets, 'event-encryption-key'),
    resetPageUrl: config.RESET_PAGE_URL,
    logger,
  });
  const consumers = {
    [Topics.todos]: createEventConsumer({
      topic: Topics.todos,
      read: readTodoEvent,
      handlers: { stats: statsConsumer.onTodoEvents, notifications: oneByOne(notify) },
      failures,
      logger,
    }),
    [Topics.users]: createEventConsumer({
      topic: Topics.users,
      read: readUserEvent,
      handlers: { stats: statsConsumer.onUserEvents, notifications: oneByOne(notify) },
      failures,
      logger,
    }),
  };
  return createServiceApp({
    service: 'subscriber',
    logger,
    readiness: sidecar,
    trustProxy: config.TRUST_PROXY,
    routes: (app) => {
      app.use(openApiRoute(subscriberOpenApi));
      app.use(jsonBody('1mb'));
      app.use(
        eventRoutes({
          appApiToken: config.APP_API_TOKEN,
          consumers,
          knownTypes: { [Topics.todos]: namesOf(TodoEvent), [Topics.users]: namesOf(UserEvent) },
          deadLetters,
          failures,
        }),
      );
      const verifier = createServiceVerifier(config, sidecar);
      app.use(statsRoutes({ verifier, stats, deadLetters }));
      app.use(
        deadLetterAdminRoutes({
          verifier,
          deadLetters,
          republish: (topic, cloudEvent, partitionKey) =>
            sidecar.pubsub.publishCloudEvent(DaprResources.pubsub, topic, cloudEvent, partitionKey),
        }),
      );
    },
  });
}
