import avro from 'avsc';
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
}

/** A schema by its registry id (the Confluent API's GET /schemas/ids/<id>), as JSON text. */
export type SchemaById = (id: number) => Promise<string>;

interface TapOptions {
  /** The run's broker unless given (tests/compose reads the compose stack's Kafka). */
  pubsub?: PubsubBroker;
  /**
   * Where Avro messages (the Confluent wire format: 0, a 4-byte schema id, the Avro body) find
   * their schema: the run's registry unless given. Without one, only JSON messages are read.
   */
  schemaById?: SchemaById;
  timeoutMs?: number;
}

/** GET /schemas/ids/<id> of the registry at `base` (its Confluent API). */
export const registrySchemaById =
  (base: string): SchemaById =>
  async (id) => {
    const response = await fetch(`${base}/schemas/ids/${id}`);
    if (!response.ok) throw new Error(`the registry has no schema ${id} (${response.status})`);
    return ((await response.json()) as { schema: string }).schema;
  };

/** The run's registry (npm run dev's Apicurio), when the run has one. */
function runningRegistry(): SchemaById | undefined {
  const { registry } = runningSystem() as { registry?: { url: string } };
  return registry ? registrySchemaById(registry.url) : undefined;
}

/**
 * Decodes the Confluent wire format with the schema its id names; undefined if it is not one.
 * The envelope's `data` is a union of the topic's event records, which avsc hands back
 * wrapped ({"todo_dapr.todos.TodoCreatedV2": {...}}): it comes unwrapped, as the sidecar gives
 * it to the app. A schema that cannot be had fails the read.
 */
function avroDecoder(schemaById: SchemaById | undefined) {
  const types = new Map<number, Promise<avro.Type>>();
  return async (bytes: Buffer | undefined): Promise<unknown> => {
    if (!schemaById || !bytes || bytes.length < 5 || bytes[0] !== 0) return undefined;
    const id = bytes.readUInt32BE(1);
    let type = types.get(id);
    if (!type) {
      type = schemaById(id).then((schema) =>
        avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { wrapUnions: 'auto' }),
      );
      types.set(id, type);
    }
    const decoder = await type;
    let value: Record<string, unknown>;
    try {
      value = decoder.fromBuffer(bytes.subarray(5)) as Record<string, unknown>;
    } catch {
      // A 0 byte that starts no message of that schema: a poison message.
      return undefined;
    }
    const { data } = value;
    const branches = data && typeof data === 'object' ? Object.entries(data) : [];
    const [branch] = branches;
    return branches.length === 1 && branch?.[0].includes('.')
      ? { ...value, data: branch[1] }
      : value;
  };
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
  { pubsub, schemaById, timeoutMs = 60_000 }: TapOptions = {},
): Promise<TopicMessage[]> {
  const tap = tapOf(pubsub ?? runningSystem().pubsub);
  const decode = avroDecoder(schemaById ?? (pubsub ? undefined : runningRegistry()));
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
  const take = async (message: RawMessage) => {
    const decoded = await decode(message.bytes);
    // Poison messages (tests put some on purpose) are not events: skip them.
    const value =
      decoded === undefined ? parseValue(message.text) : (decoded as TopicMessage['value']);
    if (finished || !value) return;
    const key = tap.carriesKeys ? message.key : userIdOf(value);
    seen.push({ key, position: message.position, value });
    if (done(seen)) finish();
  };
  // One message after another, in the topic's order, though a schema may have to be fetched.
  let taking = Promise.resolve();
  const stop = await tap.read(
    topic,
    (message) => {
      taking = taking.then(() => take(message)).catch((error: unknown) => finish(error as Error));
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
  body: string,
  { pubsub }: TapOptions = {},
): Promise<void> {
  return tapOf(pubsub ?? runningSystem().pubsub).write(topic, key, body);
}
