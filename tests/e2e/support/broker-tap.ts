import { avroReader, schemaIdOf } from '../../../packages/contracts/src/avro-wire';
import { runningSystem, type PubsubBroker } from './system';
import { jetStreamTap } from './taps/jetstream-tap';
import { kafkaTap } from './taps/kafka-tap';
import { rabbitMqTap } from './taps/rabbitmq-tap';
import { redisTap } from './taps/redis-tap';
import type { RawMessage, Tap } from './taps/tap';

export interface TopicMessage {
  /** The key the publisher gave (the user id), or the event's userId where the broker has none. */
  key: string | undefined;
  /** Where the message sits in its topic, in the broker's own terms. */
  position: string;
  /** The CloudEvent envelope Dapr wrote. */
  value: { id: string; type: string; data: unknown } & Record<string, unknown>;
  /** The registry's id of the schema the message was written with; none for JSON. */
  schemaId?: number;
}

/** A schema by its registry id (the Confluent API's GET /schemas/ids/<id>), as JSON text. */
export type SchemaById = (id: number) => Promise<string>;

/** GET /schemas/ids/<id> of the registry at `base` (its Confluent API). */
export const registrySchemaById =
  (base: string): SchemaById =>
  async (id) => {
    const response = await fetch(`${base}/schemas/ids/${id}`);
    if (!response.ok) throw new Error(`the registry has no schema ${id} (${response.status})`);
    return ((await response.json()) as { schema: string }).schema;
  };

interface TapOptions {
  /** The run's broker unless given (tests/compose reads the compose stack's Kafka). */
  pubsub?: PubsubBroker;
  /**
   * Where Avro messages find their schema: the broker's registry unless given (compose and
   * the cluster reach theirs another way). Without one, only JSON messages are read.
   */
  schemaById?: SchemaById;
  timeoutMs?: number;
}

function tapOf(pubsub: PubsubBroker): Tap {
  switch (pubsub.broker) {
    case 'kafka':
      return kafkaTap(pubsub.address);
    case 'redis':
      return redisTap(pubsub.address);
    case 'rabbitmq':
      return rabbitMqTap(pubsub.address, pubsub.tapQueues ?? {});
    case 'jetstream':
      return jetStreamTap(pubsub.address);
  }
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

// Every event's data carries its user's id, which is the key wherever the broker keeps keys.
const userIdOf = (value: TopicMessage['value']) =>
  (value.data as { userId?: string } | null)?.userId;

/**
 * Reads `topic` from its beginning until `done` says enough was seen: a real client of the
 * run's broker is how the tests look inside it.
 */
export async function readTopic(
  topic: string,
  done: (seen: TopicMessage[]) => boolean,
  { pubsub = runningSystem().pubsub, schemaById, timeoutMs = 60_000 }: TapOptions = {},
): Promise<TopicMessage[]> {
  const tap = tapOf(pubsub);
  const seen: TopicMessage[] = [];
  let finished = false;
  let outcome!: { resolve: () => void; reject: (error: Error) => void };
  const reading = new Promise<void>((resolve, reject) => {
    outcome = { resolve, reject };
  });
  const finish = (error?: Error) => {
    finished = true;
    if (error) outcome.reject(error);
    else outcome.resolve();
  };
  const schemas = schemaById ?? (pubsub.registry && registrySchemaById(pubsub.registry));
  const decode = schemas ? avroReader(schemas) : undefined;
  // Decoding may wait for the registry; the chain keeps the messages in topic order.
  let decoding = Promise.resolve();
  const take = async (message: RawMessage) => {
    const schemaId = message.bytes && schemaIdOf(message.bytes);
    const text = decode && message.bytes ? await decode(message.bytes) : undefined;
    // Poison messages (tests put some on purpose) are not events: skip them.
    const value = parseValue(text ?? message.text);
    if (finished || !value) return;
    const key = tap.carriesKeys ? message.key : userIdOf(value);
    seen.push({ key, position: message.position, value, ...(text && { schemaId }) });
    if (done(seen)) finish();
  };
  const stop = await tap.read(
    topic,
    (message) => {
      decoding = decoding.then(() => take(message)).catch(finish);
    },
    finish,
  );
  const timer = setTimeout(() => {
    finish(new Error(`Timed out reading ${topic}: saw ${seen.length} messages`));
  }, timeoutMs);
  try {
    await reading;
    return seen;
  } finally {
    clearTimeout(timer);
    await stop();
  }
}

/** Writes `body` straight to `topic`, as it is: how a test puts a poison message there. */
export function writeRawMessage(
  topic: string,
  key: string,
  body: string | Buffer,
  { pubsub = runningSystem().pubsub }: TapOptions = {},
): Promise<void> {
  return tapOf(pubsub).write(topic, key, body);
}
