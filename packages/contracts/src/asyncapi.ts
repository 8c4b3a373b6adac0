import { z } from 'zod';
import { PasswordResetRequestedV1, UserRegisteredV1 } from './user-events';
import {
  TodoCreatedV1,
  TodoCreatedV2,
  TodoDeletedV1,
  TodoUpdatedV1,
  TodoUpdatedV2,
} from './todo-events';
import { Topics } from './topics';

/**
 * Every version of every event, keyed `<event>.v<schemaVersion>`: a consumer may meet any
 * released version on the topic, so the document keeps them all.
 */
const messages = {
  'todo_created.v1': {
    schema: TodoCreatedV1,
    channel: Topics.todos,
    summary: 'A todo was created (version 1: the todo has no priority; read it as normal)',
  },
  'todo_created.v2': {
    schema: TodoCreatedV2,
    channel: Topics.todos,
    summary: 'A todo was created',
  },
  'todo_updated.v1': {
    schema: TodoUpdatedV1,
    channel: Topics.todos,
    summary:
      'A todo changed; `changes` names the fields (version 1: the todo has no priority; read it as normal)',
  },
  'todo_updated.v2': {
    schema: TodoUpdatedV2,
    channel: Topics.todos,
    summary: 'A todo changed; `changes` names the fields',
  },
  'todo_deleted.v1': {
    schema: TodoDeletedV1,
    channel: Topics.todos,
    summary: 'A todo was deleted; carries its id and last version',
  },
  'user_registered.v1': {
    schema: UserRegisteredV1,
    channel: Topics.users,
    summary: 'An account was created',
  },
  'password_reset_requested.v1': {
    schema: PasswordResetRequestedV1,
    channel: Topics.users,
    summary: 'A password reset was asked for; the token is sealed for the subscriber',
  },
} as const;

const nameOf = (key: string) => key.replace(/\.v\d+$/, '');

/**
 * The AsyncAPI 3.0 document of the events, generated from the same zod schemas that the
 * publishers build and the consumers parse. Each message travels as the `data` of a
 * CloudEvents 1.0 envelope made by Dapr, whose `type` is the event name and whose `id` is stable.
 * Messages are keyed `<event>.v<schemaVersion>`; producers publish the newest version, and
 * consumers read every version listed (`readTodoEvent`).
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
      version: '1.1.0',
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
        Object.entries(messages).map(([key, message]) => [
          key,
          {
            name: nameOf(key),
            title: `${nameOf(key)}, schemaVersion ${key.replace(/^.*\.v/, '')}`,
            summary: message.summary,
            payload: z.toJSONSchema(message.schema, { io: 'output' }),
          },
        ]),
      ),
    },
  };
}
