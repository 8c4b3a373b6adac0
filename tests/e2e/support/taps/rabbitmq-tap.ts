import amqp from 'amqplib';
import type { Tap } from './tap';

/**
 * RabbitMQ: a topic is a fanout exchange, read through the stream queue global-setup bound
 * to it (support/rabbitmq-taps.mjs); `tapQueues` names it per topic.
 */
export function rabbitMqTap(url: string, tapQueues: Record<string, string>): Tap {
  return {
    carriesKeys: false,
    async read(topic, onMessage, onError) {
      const queue = tapQueues[topic];
      if (!queue) throw new Error(`no stream queue is bound to topic ${topic}`);
      const connection = await amqp.connect(url);
      connection.on('error', onError);
      try {
        const channel = await connection.createChannel();
        channel.on('error', onError);
        // A stream queue serves only consumers that ack by hand within a prefetch limit.
        await channel.prefetch(1000);
        await channel.consume(
          queue,
          (message) => {
            if (!message) {
              onError(new Error(`the broker cancelled the reader of ${queue}`));
              return;
            }
            channel.ack(message);
            onMessage({
              key: undefined,
              position: String(message.properties.headers?.['x-stream-offset']),
              text: message.content.toString(),
            });
          },
          { noAck: false, arguments: { 'x-stream-offset': 'first' } },
        );
      } catch (error) {
        await connection.close();
        throw error;
      }
      return () => connection.close();
    },
    async write(topic, _key, body) {
      const connection = await amqp.connect(url);
      try {
        const channel = await connection.createConfirmChannel();
        channel.publish(topic, '', Buffer.from(body), { persistent: true });
        await channel.waitForConfirms();
      } finally {
        await connection.close();
      }
    },
  };
}
