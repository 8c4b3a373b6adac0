import { percentile } from './measure.mjs';
import { request } from './http.mjs';
import { createdEvent, waitForApplied } from './applied-events.mjs';
import { waitUntilReady } from '../lib/system.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes `rate` creates/s through todo-api for `seconds`; halfway, kills the subscriber's
 * app with SIGKILL and starts it again at once. Reports how long the restart took and how
 * late the events acknowledged while it was down were processed (their redelivery).
 */
export async function subscriberCrash({ system, users, rate = 50, seconds = 30 }) {
  const api = system.apps.find((app) => app.appId === 'todo-api').url;
  const subscriber = system.apps.find((app) => app.appId === 'subscriber');
  const acked = new Map();
  const factsKeys = new Map();
  const pending = [];
  let crashedAt;
  let readyAt;
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i += 1) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    if (i === (rate * seconds) / 2) {
      crashedAt = Date.now();
      process.kill(subscriber.appProcess.pid, 'SIGKILL');
      subscriber.restartApp();
      pending.push(waitUntilReady([subscriber]).then(() => (readyAt = Date.now())));
    }
    const user = users[i % users.length];
    pending.push(
      request(`${api}/todos`, { method: 'POST', token: user.token, body: { title: `crash ${i}` } })
        .then((todo) => {
          const { eventId, factsKey } = createdEvent(user.id, todo);
          factsKeys.set(eventId, factsKey);
          acked.set(eventId, Date.now());
        })
        .catch(() => undefined),
    );
  }
  await Promise.all(pending);

  const processed = await waitForApplied(
    { url: subscriber.sidecarUrl, apiToken: system.env.DAPR_API_TOKEN },
    factsKeys,
    60_000,
  );
  const duringOutage = [...acked]
    .filter(([, at]) => at >= crashedAt && at <= readyAt)
    .map(([id, at]) => (processed.get(id) ?? Infinity) - at)
    .sort((a, b) => a - b);
  const firstAfterReady = Math.min(...[...processed.values()].filter((at) => at >= readyAt));
  return {
    acknowledged: acked.size,
    lost: acked.size - processed.size,
    restartMs: readyAt - crashedAt,
    resumedAfterReadyMs: firstAfterReady - readyAt,
    outageEvents: duringOutage.length,
    outageP50: percentile(duringOutage, 50),
    outageMax: duringOutage.at(-1),
  };
}
