// The run's schema registry (Apicurio, through its Confluent-compatible API): before any app
// started, startSystem registered every released schema of schemas/ in order, one subject per
// topic (the sidecars name it <topic>-value), each at BACKWARD_TRANSITIVE.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { call } from './support/http';
import { runningSystem, sidecarFetch } from './support/system';

const system = runningSystem();
const released = (subject: string) =>
  readdirSync(join(__dirname, '..', '..', 'schemas', subject)).filter((file) =>
    /^v\d+\.avsc$/.test(file),
  ).length;

/** What the subscriber's sidecar says it subscribed to `topic` with (Dapr's metadata API). */
async function subscriptionMetadata(topic: string) {
  const response = await sidecarFetch(`${system.apps.subscriber.sidecarUrl}/v1.0/metadata`);
  const { subscriptions } = (await response.json()) as {
    subscriptions: { topic: string; metadata?: Record<string, string> }[];
  };
  return subscriptions.find((subscription) => subscription.topic === topic)?.metadata ?? {};
}

// Kafka only (the one component that serializes through a registry), and not with REGISTRY=off.
describe(system.registry ? 'the schema registry' : 'a run without a schema registry', () => {
  const url = system.registry?.url ?? '';

  it.each([
    ['todos-value', 'todos'],
    ['users-value', 'users'],
  ])(
    system.registry
      ? 'holds %s with every released version, at BACKWARD_TRANSITIVE; %s is read as Avro'
      : 'has no %s; the subscription on %s asks for no Avro',
    async (subject, topic) => {
      const metadata = await subscriptionMetadata(topic);
      if (!system.registry) {
        expect(system.pubsub.registry ?? '').toBe('');
        expect(metadata).not.toHaveProperty('valueSchemaType');
        return;
      }
      const subjects = await call(`${url}/subjects`);
      const versions = await call(`${url}/subjects/${subject}/versions`);
      const config = await call(`${url}/config/${subject}`);

      expect(subjects.body).toContain(subject);
      expect(versions.body).toEqual(
        Array.from({ length: released(subject) }, (_, index) => index + 1),
      );
      expect(config.body).toEqual({ compatibilityLevel: 'BACKWARD_TRANSITIVE' });
      expect(metadata).toMatchObject({ valueSchemaType: 'Avro' });
    },
  );
});
