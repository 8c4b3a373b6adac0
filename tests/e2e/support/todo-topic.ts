import { call } from './http';
import { runningSystem } from './system';
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
