import { request } from './http.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The event todo-api publishes for a new todo, and where the subscriber notes it. */
export const createdEvent = (userId, todo) => ({
  eventId: `${todo.id}:1:todo_created`,
  factsKey: `todo-facts:${userId}:${todo.id}`,
});

/**
 * When the subscriber applied each of the `created` events (eventId → factsKey), read from
 * its own store: the todo's facts record it writes with the event. Waits up to `timeoutMs`
 * for the missing ones. eventId → epoch ms.
 */
export async function waitForApplied(subscriberSidecar, created, timeoutMs) {
  const applied = new Map();
  const eventIdOf = new Map([...created].map(([eventId, key]) => [key, eventId]));
  const deadline = Date.now() + timeoutMs;
  while (applied.size < created.size && Date.now() < deadline) {
    const missing = [...created].filter(([id]) => !applied.has(id)).map(([, key]) => key);
    for (let i = 0; i < missing.length; i += 500) {
      const items = await request(`${subscriberSidecar.url}/v1.0/state/subscriber-store/bulk`, {
        method: 'POST',
        headers: { 'dapr-api-token': subscriberSidecar.apiToken },
        body: { keys: missing.slice(i, i + 500), parallelism: 16 },
      });
      for (const item of items) {
        if (item.data?.appliedAt)
          applied.set(eventIdOf.get(item.key), Date.parse(item.data.appliedAt));
      }
    }
    if (applied.size < created.size) await sleep(500);
  }
  return applied;
}
