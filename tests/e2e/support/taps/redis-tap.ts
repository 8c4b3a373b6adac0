import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { asError, type Tap } from './tap';

// Dapr's Redis pubsub adds one stream entry per message: field `data` holds the CloudEvent,
// `metadata` the publish metadata as JSON, whose partitionKey is the message's key.
const keyOf = (metadata: string | undefined) => {
  try {
    return (JSON.parse(metadata ?? '{}') as { partitionKey?: string }).partitionKey;
  } catch {
    return undefined;
  }
};

/** Redis Streams: a topic is the stream of that name, read with XRANGE. */
export function redisTap(hostAndPort: string): Tap {
  // Without an 'error' listener a lost connection would crash the test process.
  const connect = (onError?: (error: Error) => void) =>
    createClient({ url: `redis://${hostAndPort}` })
      .on('error', (error: Error) => onError?.(error))
      .connect();
  return {
    carriesKeys: true,
    async read(topic, onMessage, onError) {
      const client = await connect(onError);
      const stopped = new AbortController();
      const polling = (async () => {
        let from = '-';
        while (!stopped.signal.aborted) {
          const entries = (await client.xRange(topic, from, '+', { COUNT: 1000 })) ?? [];
          for (const { id, message } of entries) {
            onMessage({ key: keyOf(message.metadata), position: id, text: message.data ?? '' });
            from = `(${id}`; // exclusive: after this entry
          }
          if (entries.length === 0) await sleep(100);
        }
      })().catch((error: unknown) => {
        onError(asError(error));
      });
      return async () => {
        stopped.abort();
        await polling;
        client.destroy();
      };
    },
    async write(topic, key, body) {
      const client = await connect();
      try {
        await client.xAdd(topic, '*', {
          data: body,
          metadata: JSON.stringify({ partitionKey: key }),
        });
      } finally {
        client.destroy();
      }
    },
  };
}
