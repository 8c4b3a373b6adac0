import { connect } from 'nats';
import { asError, type Tap } from './tap';

/** NATS JetStream: each topic is a stream of that name (scripts/brokers/nats.mjs). */
export function jetStreamTap(url: string): Tap {
  return {
    carriesKeys: false,
    async read(topic, onMessage, onError) {
      const connection = await connect({ servers: url });
      try {
        // An ordered consumer: the whole stream from its first message, then what comes.
        const consumer = await connection.jetstream().consumers.get(topic);
        const messages = await consumer.consume();
        void (async () => {
          for await (const message of messages) {
            onMessage({ key: undefined, position: String(message.seq), text: message.string() });
          }
        })().catch((error: unknown) => {
          onError(asError(error));
        });
        return async () => {
          await messages.close();
          await connection.close();
        };
      } catch (error) {
        await connection.close();
        throw error;
      }
    },
    async write(topic, _key, body) {
      const connection = await connect({ servers: url });
      try {
        await connection.jetstream().publish(topic, body);
      } finally {
        await connection.close();
      }
    },
  };
}
