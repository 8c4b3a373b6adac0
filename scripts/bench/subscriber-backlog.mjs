import { randomUUID } from 'node:crypto';
import { exampleTodoCreated } from '@todo-dapr/contracts';
import kafkajs from 'kafkajs';
import { avroWriter } from '../../packages/contracts/dist/avro-wire.js';
import { ensureDapr } from '../dapr/dapr.mjs';
import { startApp, waitUntilReady } from '../lib/system.mjs';
import { request } from './http.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A `todo_created` CloudEvent as todo-api's sidecar writes it, around the contract's example. */
function todoCreated(userId, sequence) {
  const data = { ...exampleTodoCreated(userId), sequence };
  return {
    id: `${data.todo.id}:1:todo_created`,
    source: 'todo-api',
    type: 'todo_created',
    specversion: '1.0',
    datacontenttype: 'application/json',
    topic: 'todos',
    pubsubname: 'pubsub',
    data,
  };
}

/** Events processed for `userIds`, summed from the projection in the subscriber's store. */
async function processedFor({ sidecarUrl, apiToken }, userIds) {
  const items = await request(`${sidecarUrl}/v1.0/state/subscriber-store/bulk`, {
    method: 'POST',
    headers: { 'dapr-api-token': apiToken },
    body: { keys: userIds.map((id) => `stats:${id}`), parallelism: 16 },
  });
  return items.reduce((sum, item) => sum + (item.data?.eventsProcessed ?? 0), 0);
}

/**
 * Stops the subscriber (app and sidecar), writes `count` events for `users` fresh user ids
 * to topic `todos` with a Kafka client, starts the subscriber again, and times how fast it
 * works off the backlog.
 */
export async function subscriberBacklog({ system, runDir, count = 10_000, users = 100 }) {
  const index = system.apps.findIndex((app) => app.appId === 'subscriber');
  const subscriber = system.apps[index];
  const userIds = Array.from({ length: users }, () => `backlog-${randomUUID()}`);
  await subscriber.stop();

  const kafka = new kafkajs.Kafka({
    brokers: system.brokers.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  // As todo-api's sidecar writes them: Avro with the registry's schema id, or JSON without one.
  const registry = system.env.SCHEMA_REGISTRY_URL;
  const encode = registry ? await avroWriter(registry, 'todos-value') : JSON.stringify;
  const producer = kafka.producer();
  await producer.connect();
  const perUser = Math.ceil(count / users);
  for (let sequence = 1; sequence <= perUser; sequence += 1) {
    await producer.send({
      topic: 'todos',
      messages: userIds.map((userId) => ({
        key: userId,
        value: encode(todoCreated(userId, sequence)),
      })),
    });
  }
  await producer.disconnect();
  const total = perUser * users;

  const { daprd } = await ensureDapr({ cli: false });
  const started = Date.now();
  const restarted = startApp(subscriber, { daprd, runDir, env: system.env });
  system.apps[index] = restarted;
  await waitUntilReady([restarted]);
  const ready = Date.now();
  let firstAt;
  let done = 0;
  while (done < total && Date.now() - started < 600_000) {
    done = await processedFor(
      { sidecarUrl: restarted.sidecarUrl, apiToken: system.env.DAPR_API_TOKEN },
      userIds,
    );
    if (done > 0) firstAt ??= Date.now();
    if (done < total) await sleep(250);
  }
  const finished = Date.now();
  return {
    total,
    processed: done,
    startSeconds: (ready - started) / 1000,
    drainSeconds: (finished - (firstAt ?? finished)) / 1000,
    perSecond: done / ((finished - (firstAt ?? started)) / 1000),
  };
}
