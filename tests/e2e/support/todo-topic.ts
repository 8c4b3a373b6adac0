import { randomUUID } from 'node:crypto';
import { call } from './http';
import { runningSystem, sidecarFetch } from './system';
import { readTopic, type TopicMessage } from './broker-tap';

/**
 * Every event of this user on topic `todos` so far, exactly: a sentinel todo is created
 * last, and since a user's events share a partition, everything before it has arrived.
 */
export async function todoEventsOf(
  userId: string,
  token: string,
  apiUrl = runningSystem().apps['todo-api'].url,
): Promise<TopicMessage[]> {
  const sentinel = await call(`${apiUrl}/todos`, {
    token,
    body: { title: 'sentinel' },
  });
  if (sentinel.status !== 201) throw new Error(`the sentinel write answered ${sentinel.status}`);
  const isSentinel = (m: TopicMessage) =>
    (m.value.data as { todo?: { id?: string } }).todo?.id === sentinel.body.id;
  const seen = await readTopic('todos', (all) => all.some(isSentinel));
  const mine = seen.filter((m) => m.key === userId);
  return mine.slice(0, mine.findIndex(isSentinel));
}

/**
 * Publishes `data` on `todos` the way a producer's sidecar does: through the subscriber's
 * sidecar (the one app besides todo-api allowed to publish there), keyed by user, and with
 * the registry's wire format when the run has one.
 */
export function publishTodoEvent(data: { event: string; userId: string }, type = data.event) {
  const { pubsub, apps } = runningSystem();
  const query = new URLSearchParams({
    'metadata.cloudevent.type': type,
    'metadata.cloudevent.id': randomUUID(),
    'metadata.partitionKey': data.userId,
    ...(pubsub.registry && { 'metadata.valueSchemaType': 'Avro' }),
  });
  return sidecarFetch(
    `${apps.subscriber.sidecarUrl}/v1.0/publish/pubsub/todos?${query.toString()}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(data),
    },
  );
}
