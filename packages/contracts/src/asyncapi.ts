import { z } from 'zod';
import { PasswordResetRequestedV1, UserRegisteredV1 } from './user-events';
import { TodoCreatedV1, TodoDeletedV1, TodoUpdatedV1 } from './todo-events';
import { Topics } from './topics';

const messages = {
  todo_created: { schema: TodoCreatedV1, channel: Topics.todos, summary: 'A todo was created' },
  todo_updated: {
    schema: TodoUpdatedV1,
    channel: Topics.todos,
    summary: 'A todo changed; `changes` names the fields',
  },
  todo_deleted: {
    schema: TodoDeletedV1,
    channel: Topics.todos,
    summary: 'A todo was deleted; carries its id and last version',
  },
  user_registered: {
    schema: UserRegisteredV1,
    channel: Topics.users,
    summary: 'An account was created',
  },
  password_reset_requested: {
    schema: PasswordResetRequestedV1,
    channel: Topics.users,
    summary: 'A password reset was asked for; the token is sealed for the subscriber',
  },
} as const;

/**
 * The AsyncAPI 3.0 document of the events, generated from the same zod schemas that the
 * publishers build and the consumers parse. Each message travels as the `data` of a
 * CloudEvents 1.0 envelope made by Dapr, whose `type` is the event name and whose `id` is stable.
 */
export function buildAsyncApi() {
  const channelOf = (topic: string) =>
    Object.fromEntries(
      Object.entries(messages)
        .filter(([, message]) => message.channel === topic)
        .map(([name]) => [name, { $ref: `#/components/messages/${name}` }]),
    );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'todo-dapr events',
      version: '1.0.0',
      description:
        'Events on Kafka through Dapr pub/sub. Partition key: userId. Delivery is at least once; dedupe on the CloudEvent id, order by the per-user sequence.',
    },
    defaultContentType: 'application/cloudevents+json',
    channels: Object.fromEntries(
      [Topics.todos, Topics.users].map((topic) => [
        topic,
        { address: topic, messages: channelOf(topic) },
      ]),
    ),
    operations: Object.fromEntries(
      [Topics.todos, Topics.users].map((topic) => [
        `receive-${topic}`,
        { action: 'receive', channel: { $ref: `#/channels/${topic}` } },
      ]),
    ),
    components: {
      messages: Object.fromEntries(
        Object.entries(messages).map(([name, message]) => [
          name,
          {
            name,
            summary: message.summary,
            payload: z.toJSONSchema(message.schema, { io: 'output' }),
          },
        ]),
      ),
    },
  };
}
