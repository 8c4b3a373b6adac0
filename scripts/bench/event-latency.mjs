import { percentile } from './measure.mjs';
import { request } from './http.mjs';
import { countOnTopic } from './topic-count.mjs';
import { createdEvent, waitForApplied } from './applied-events.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates at a steady `rate` for `seconds` (open loop: requests start on schedule, whether
 * or not earlier ones have answered), then reads, from the subscriber's own store, when the
 * subscriber applied each acknowledged event. Latency = applied − acknowledged.
 */
export async function eventLatency({
  apiUrl,
  subscriberSidecar,
  brokers,
  registry,
  users,
  rate,
  seconds,
}) {
  const sent = new Map();
  const acked = new Map();
  const factsKeys = new Map();
  const errors = new Map();
  let failures = 0;
  const pending = [];
  const start = performance.now();
  const total = rate * seconds;
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const user = users[i % users.length];
    const sentAt = Date.now();
    pending.push(
      request(`${apiUrl}/todos`, {
        method: 'POST',
        token: user.token,
        body: { title: `event ${i}` },
      })
        .then((todo) => {
          const { eventId: id, factsKey } = createdEvent(user.id, todo);
          factsKeys.set(id, factsKey);
          sent.set(id, sentAt);
          acked.set(id, Date.now());
        })
        .catch((error) => {
          failures += 1;
          const reason = String(error.cause?.code ?? error.message).slice(0, 80);
          errors.set(reason, (errors.get(reason) ?? 0) + 1);
        }),
    );
  }
  await Promise.all(pending);
  const sendSeconds = (performance.now() - start) / 1000;

  // Give stragglers up to 30 s, then count what never arrived.
  const processed = await waitForApplied(subscriberSidecar, factsKeys, 30_000);
  // The event is published before the write is acknowledged, so the subscriber often has it
  // before the client has its answer: "from ack" can be ≤ 0. "From send" bounds it from above.
  const sorted = (from) =>
    [...processed].map(([id, at]) => at - from.get(id)).sort((a, b) => a - b);
  const fromAck = sorted(acked);
  const fromSend = sorted(sent);
  // Copies on the topic are counted with a Kafka client: on another broker, not at all.
  const onTopic = brokers
    ? await countOnTopic(brokers, 'todos', [...acked.keys()], { registry })
    : { duplicates: undefined };
  return {
    onTopic,
    errors: [...errors].map(([reason, count]) => `${count}× ${reason}`).join('; '),
    fromSendP50: percentile(fromSend, 50),
    fromSendP99: percentile(fromSend, 99),
    rate,
    seconds,
    achievedRate: acked.size / sendSeconds,
    acknowledged: acked.size,
    failures,
    lost: acked.size - processed.size,
    p50: percentile(fromAck, 50),
    p99: percentile(fromAck, 99),
  };
}
