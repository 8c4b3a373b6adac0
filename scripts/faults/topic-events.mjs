import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { avroReader } from '../../packages/contracts/dist/avro-wire.js';

/**
 * Every CloudEvent on `topic` from its beginning, as `{ key, id, data }`, read until each of
 * `untilIds` has been seen (or `timeoutMs`): the broker's own record of what was published.
 */
export async function eventsOnTopic({ brokers, registry, topic, untilIds, timeoutMs = 120_000 }) {
  // With a schema registry the values are Avro with a schema id; without, JSON.
  const decode = registry ? avroReader(registry) : undefined;
  const waiting = new Set(untilIds);
  const events = [];
  const kafka = new kafkajs.Kafka({
    brokers: brokers.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `faults-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${waiting.size} events never reached ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          try {
            const text =
              (decode && message.value && (await decode(message.value))) ??
              message.value?.toString() ??
              '';
            const { id, data } = JSON.parse(text);
            events.push({ key: message.key?.toString(), id, data });
            waiting.delete(id);
          } catch {
            // Not a CloudEvent: none of ours.
          }
          if (waiting.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}
