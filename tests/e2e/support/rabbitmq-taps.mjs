// RabbitMQ keeps nothing for a reader that comes later: a fanout exchange hands each message
// only to the queues bound at that moment. So the tests get a stream queue per topic, bound
// once the system is up, which any number of readers can then read from its first message.
import amqp from 'amqplib';

/** The stream queue the tests read `topic` from. */
export const tapQueueOf = (topic) => `e2e-tap-${topic}`;

/**
 * Binds a durable stream queue to each topic's exchange. The exchanges must exist (Dapr
 * declares them when a sidecar subscribes): they are checked, never declared here, so no
 * argument of Dapr's declaration can clash. Resolves to `{ topic: queue }`.
 */
export async function bindRabbitMqTaps(url, topics) {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    const queues = {};
    for (const topic of topics) {
      const queue = tapQueueOf(topic);
      await channel.checkExchange(topic);
      await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'stream' } });
      await channel.bindQueue(queue, topic, '');
      queues[topic] = queue;
    }
    return queues;
  } finally {
    await connection.close();
  }
}
