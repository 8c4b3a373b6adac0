// Creates todos at a steady rate and counts, once the system has settled, what became of each
// acknowledged write: its event applied by the subscriber once, twice, or never.
import { createdEvent, waitForApplied } from '../bench/applied-events.mjs';
import { request } from '../bench/http.mjs';
import { waitFor } from '../lib/processes.mjs';
import { eventsOnTopic } from './topic-events.mjs';
import { steadyLoad } from './steady-load.mjs';

export const todoWrites = ({ api, users, rate, label }) =>
  steadyLoad({
    rate,
    send: (i) => {
      const user = users[i % users.length];
      return request(`${api}/todos`, {
        method: 'POST',
        token: user.token,
        body: { title: `${label} ${i}` },
        timeoutMs: 10_000,
      }).then((todo) => ({ userId: user.id, todoId: todo.id }));
    },
  });

/** Every todo of the user, following the `Link: rel="next"` pages. */
async function allTodos(api, token) {
  const todos = [];
  for (let url = `${api}/todos?limit=100`; url;) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET /todos answered ${response.status}`);
    todos.push(...(await response.json()));
    url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return todos;
}

/**
 * Settles and counts. A sentinel write per user, retried until acknowledged, publishes
 * whatever a failed write left behind and comes last on the user's partition. Then:
 * - every todo the user has must have its event applied (the facts record the subscriber
 *   writes), and every acknowledged write must be one of them, or it was lost;
 * - the user's `eventsProcessed` must count each applied event once (plus `user_registered`);
 * - an event on the topic for a todo the user does not have is a phantom: the event of a
 *   write that answered an error and was undone.
 */
export async function todoOutcomes({
  backAt,
  api,
  brokers,
  registry,
  subscriberUrl,
  subscriberSidecar,
  users,
  calls,
}) {
  const sentinels = [];
  for (const user of users) {
    await waitFor(
      () =>
        request(`${api}/todos`, {
          method: 'POST',
          token: user.token,
          body: { title: 'sentinel' },
          timeoutMs: 10_000,
        }).then(
          (todo) => sentinels.push(createdEvent(user.id, todo).eventId) > 0,
          () => false,
        ),
      {
        timeoutMs: 120_000,
        intervalMs: 1000,
        describe: () => 'the sentinel write never went through',
      },
    );
  }
  const published = await eventsOnTopic({ brokers, registry, topic: 'todos', untilIds: sentinels });
  // eventId → factsKey of each todo's creation: stored by todo-api, and seen on the topic.
  const listed = new Map();
  const onTopic = new Map();
  const eventsOf = new Map(users.map((user) => [user.id, new Set()]));
  const note = (into, userId, todo) => {
    const { eventId, factsKey } = createdEvent(userId, todo);
    into.set(eventId, factsKey);
    eventsOf.get(userId).add(eventId);
  };
  for (const user of users) {
    for (const todo of await allTodos(api, user.token)) note(listed, user.id, todo);
  }
  for (const event of published) {
    if (eventsOf.has(event.key) && event.data?.todo) note(onTopic, event.key, event.data.todo);
  }
  const applied = await waitForApplied(
    subscriberSidecar,
    new Map([...listed, ...onTopic]),
    120_000,
  );
  let doubleApplied = 0;
  for (const user of users) {
    const stats = await request(`${subscriberUrl}/stats`, { token: user.token });
    const appliedOfUser = [...eventsOf.get(user.id)].filter((id) => applied.has(id)).length;
    doubleApplied += stats.eventsProcessed - 1 - appliedOfUser;
  }
  const acknowledged = calls.filter((call) => call.ok);
  const eventOf = (call) => createdEvent(call.value.userId, { id: call.value.todoId }).eventId;
  const appliedTimes = acknowledged
    .filter((call) => call.answeredAt < backAt && applied.has(eventOf(call)))
    .map((call) => applied.get(eventOf(call)));
  return {
    tried: calls.length,
    acknowledged: acknowledged.length,
    delivered: acknowledged.filter((call) => applied.has(eventOf(call))).length,
    lost:
      [...listed.keys()].filter((id) => !applied.has(id)).length +
      acknowledged.filter((call) => !listed.has(eventOf(call))).length,
    doubleApplied,
    phantoms: [...onTopic.keys()].filter((id) => !listed.has(id)).length,
    // Until the last event acknowledged before the part came back was applied.
    eventsBack: Math.max(0, ...appliedTimes.map((at) => at - backAt)),
  };
}
