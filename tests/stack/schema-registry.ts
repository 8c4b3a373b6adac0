// The schema registry of a deployed mode (compose, the local cluster), as its sidecars use it:
// a subject per topic at BACKWARD_TRANSITIVE, and events on the raw topics in the Confluent
// wire format (a 0 byte, the schema id as 4 big-endian bytes, then the Avro body).
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { call } from '../e2e/support/http';
import { originClient } from './session';

export interface RegistryStack {
  name: string;
  origin: string;
  /** The stack's Kafka, as a client on this host reaches it. */
  kafka: string;
  /** GET of a path of the registry's Confluent API (its base as the sidecars have it). */
  registryGet(path: string): Promise<{ status: number; body: unknown }>;
}

const SUBJECTS = ['todos-value', 'users-value'];

/** The raw value of the first message on `topic` whose key is `key`, read from the start. */
async function rawValueOf(address: string, topic: string, key: string, timeoutMs = 60_000) {
  const kafka = new Kafka({ brokers: address.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `wire-format-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no message with key ${key} on ${topic}`)),
        timeoutMs,
      );
      void consumer
        .run({
          eachMessage: ({ message }) => {
            if (message.key?.toString() === key && message.value) {
              clearTimeout(timer);
              resolve(message.value);
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

export function describeSchemaRegistry(stack: RegistryStack) {
  const { newUserSession } = originClient(stack.origin, `${stack.name}_wire`);

  describe(`${stack.name}: the schema registry`, () => {
    it('has a subject per topic, each with a version and BACKWARD_TRANSITIVE', async () => {
      const subjects = await stack.registryGet('/subjects');
      const configs = await Promise.all(
        SUBJECTS.map((subject) => stack.registryGet(`/config/${subject}`)),
      );
      const versions = await Promise.all(
        SUBJECTS.map((subject) => stack.registryGet(`/subjects/${subject}/versions`)),
      );

      expect(subjects.body).toEqual(expect.arrayContaining(SUBJECTS));
      expect(configs.map((config) => config.body)).toEqual(
        SUBJECTS.map(() => expect.objectContaining({ compatibilityLevel: 'BACKWARD_TRANSITIVE' })),
      );
      expect(versions.map((version) => (version.body as number[]).length > 0)).toEqual(
        SUBJECTS.map(() => true),
      );
    });

    it('puts the events of a user and a todo on their topics in the Avro wire format', async () => {
      const { profile, token } = await newUserSession();
      const created = await call(`${stack.origin}/todos`, {
        token,
        body: { title: 'on the wire' },
      });
      expect(created.status).toBe(201);

      for (const topic of ['users', 'todos']) {
        const value = await rawValueOf(stack.kafka, topic, profile.id);
        const id = value.readUInt32BE(1);
        const latest = await stack.registryGet(`/subjects/${topic}-value/versions/latest`);
        const byId = await stack.registryGet(`/schemas/ids/${id}`);

        // Not JSON: the magic byte, then the id of the subject's latest schema.
        expect(value[0]).toBe(0);
        expect(latest.body).toMatchObject({ subject: `${topic}-value`, id });
        expect(byId.status).toBe(200);
        expect(JSON.parse((byId.body as { schema: string }).schema)).toMatchObject({
          type: 'record',
        });
      }
    });
  });
}
