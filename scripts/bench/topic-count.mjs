import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { avroReader } from '../../packages/contracts/dist/avro-wire.js';

/**
 * How often each of `ids` appears on `topic` (by CloudEvent id): reads from the beginning
 * until every id was seen or `timeoutMs` passes. More than once is a duplicate on the wire.
 */
export async function countOnTopic(brokers, topic, ids, { registry, timeoutMs = 60_000 } = {}) {
  // With a schema registry the values are Avro with a schema id; without, JSON.
  const decode = registry ? avroReader(registry) : undefined;
  const wanted = new Set(ids);
  const counts = new Map();
  const kafka = new kafkajs.Kafka({
    brokers: brokers.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        let id;
        try {
          const text = decode && message.value ? await decode(message.value) : undefined;
          id = JSON.parse(text ?? message.value?.toString() ?? '{}').id;
        } catch {
          return; // a poison message (not JSON) is none of ours
        }
        if (!wanted.has(id)) return;
        counts.set(id, (counts.get(id) ?? 0) + 1);
        if (counts.size === wanted.size) {
          clearTimeout(timer);
          // Give a late duplicate a moment to show up.
          setTimeout(resolve, 2000);
        }
      },
    });
  });
  await consumer.disconnect();
  return {
    missing: wanted.size - counts.size,
    duplicates: [...counts.values()].reduce((sum, n) => sum + n - 1, 0),
  };
}
