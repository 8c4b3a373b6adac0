import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Tap } from './tap';

/** Kafka through kafkajs: each read is a throw-away consumer group. */
export function kafkaTap(brokers: string): Tap {
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  return {
    carriesKeys: true,
    async read(topic, onMessage) {
      const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          eachMessage: ({ message, partition }) => {
            onMessage({
              key: message.key?.toString(),
              position: `${partition}:${message.offset}`,
              text: message.value?.toString() ?? '',
              bytes: message.value ?? undefined,
            });
            return Promise.resolve();
          },
        });
      } catch (error) {
        await consumer.disconnect();
        throw error;
      }
      return () => consumer.disconnect();
    },
    async write(topic, key, body) {
      const producer = kafka.producer();
      await producer.connect();
      try {
        await producer.send({ topic, messages: [{ key, value: body }] });
      } finally {
        await producer.disconnect();
      }
    },
  };
}
