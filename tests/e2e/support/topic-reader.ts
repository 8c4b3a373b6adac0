import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

export interface TopicMessage {
  key: string | undefined;
  partition: number;
  offset: string;
  /** The CloudEvent envelope Dapr wrote. */
  value: { id: string; type: string; data: unknown } & Record<string, unknown>;
}

/** A message's CloudEvent, or undefined for a poison message that is not a JSON object. */
function parseValue(text: string): TopicMessage['value'] | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null
      ? (value as TopicMessage['value'])
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads `topic` from its beginning with a throw-away consumer group until `done` says
 * enough was seen; a real Kafka client is how the tests look inside the broker.
 */
export async function readTopic(
  brokers: string,
  topic: string,
  done: (seen: TopicMessage[]) => boolean,
  timeoutMs = 60_000,
): Promise<TopicMessage[]> {
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
  const seen: TopicMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`Timed out reading ${topic}: saw ${seen.length} messages`));
      }, timeoutMs);
      void consumer.run({
        eachMessage: ({ message, partition }) => {
          // Poison messages (tests put some on purpose) are not events: skip them.
          const value = parseValue(message.value?.toString() ?? '');
          if (!value) return Promise.resolve();
          seen.push({ key: message.key?.toString(), partition, offset: message.offset, value });
          if (done(seen)) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
