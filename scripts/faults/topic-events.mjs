import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';

/**
 * Every CloudEvent on `topic` from its beginning, as `{ key, id, data }`, read until each of
 * `untilIds` has been seen (or `timeoutMs`): the broker's own record of what was published.
 */
export async function eventsOnTopic({ brokers, topic, untilIds, timeoutMs = 120_000 }) {
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
        eachMessage: ({ message }) => {
          try {
            const { id, data } = JSON.parse(message.value?.toString() ?? '');
            events.push({ key: message.key?.toString(), id, data });
            waiting.delete(id);
          } catch {
            // Not a CloudEvent: none of ours.
          }
          if (waiting.size === 0) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}
