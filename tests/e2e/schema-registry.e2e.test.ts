// The run's schema registry (Apicurio, through its Confluent-compatible API): before any app
// started, startSystem registered every released schema of schemas/ in order, one subject per
// topic (the sidecars name it <topic>-value), each at BACKWARD_TRANSITIVE.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { call } from './support/http';
import { runningSystem } from './support/system';

const system = runningSystem();
const released = (subject: string) =>
  readdirSync(join(__dirname, '..', '..', 'schemas', subject)).filter((file) =>
    /^v\d+\.avsc$/.test(file),
  ).length;

// Kafka only (the one component that serializes through a registry), and not with REGISTRY=off.
(system.registry ? describe : describe.skip)('the schema registry', () => {
  const url = system.registry?.url ?? '';

  it.each(['todos-value', 'users-value'])(
    'holds %s with every released version, at BACKWARD_TRANSITIVE',
    async (subject) => {
      const subjects = await call(`${url}/subjects`);
      const versions = await call(`${url}/subjects/${subject}/versions`);
      const config = await call(`${url}/config/${subject}`);

      expect(subjects.body).toContain(subject);
      expect(versions.body).toEqual(
        Array.from({ length: released(subject) }, (_, index) => index + 1),
      );
      expect(config.body).toEqual({ compatibilityLevel: 'BACKWARD_TRANSITIVE' });
    },
  );
});
