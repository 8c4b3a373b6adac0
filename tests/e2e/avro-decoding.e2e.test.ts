import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleTodoCreated } from '@todo-dapr/contracts';
import { avroWriter } from '../../packages/contracts/src/avro-wire';
import { writeRawMessage } from './support/broker-tap';
import { eventually, runningSystem } from './support/system';

// Pins how Dapr's Kafka component (components-contrib 1.18, consumer.go) treats a message it
// cannot decode when a subscription reads Avro: the whole delivery fails before the runtime
// sees it, is retried under the back-off for ever, and is never dead-lettered, so the
// messages behind it on its partition wait. Without a registry the same bytes are
// dead-lettered. A probe app with its own sidecar, topic and consumer group shows both, away
// from the system's topics. If this fails because the message was dead-lettered, Dapr fixed
// it: update docs/events.md ("A known hazard").

const system = runningSystem();
const { registry } = system.pubsub;
const daprd = system.webReplica.sidecar.command[0] ?? 'daprd';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The probe's components: a Kafka pub/sub on the run's broker, and its two subscriptions. */
function resources(topic: string) {
  const avro = registry ? `\n  metadata:\n    valueSchemaType: Avro` : '';
  return `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: probe-pubsub
spec:
  type: pubsub.kafka
  version: v1
  metadata:
    - { name: brokers, value: '${system.pubsub.address}' }
    - { name: consumerGroup, value: 'probe-${randomUUID()}' }
    - { name: authType, value: none }
    - { name: disableTls, value: 'true' }
    - { name: version, value: '4.0.0' }
    - { name: initialOffset, value: oldest }
    - { name: schemaRegistryURL, value: '${registry ?? ''}' }
    - { name: backOffPolicy, value: constant }
    - { name: backOffDuration, value: 100ms }
    - { name: backOffMaxRetries, value: '-1' }
    - { name: excludeHeaderMetaRegex, value: '^valueSchemaType$' }
---
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: probe
spec:
  pubsubname: probe-pubsub
  topic: ${topic}
  routes:
    default: /probe
  deadLetterTopic: ${topic}-dlq
  bulkSubscribe:
    enabled: true
    maxMessagesCount: 100
    maxAwaitDurationMs: 10${avro}
---
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: probe-dlq
spec:
  pubsubname: probe-pubsub
  topic: ${topic}-dlq
  routes:
    default: /probe-dlq
  metadata:
    rawPayload: 'true'
`;
}

// Name resolution in a file of its own: not mDNS, which would announce the probe on the network.
const configuration = `apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: probe
spec:
  nameResolution:
    component: sqlite
    version: v1
    configuration:
      connectionString: 'name-resolution.db'
`;

/** A delivery the probe takes: a CloudEvent. Anything else it drops, as the subscriber does. */
const isCloudEvent = (event: unknown) =>
  typeof event === 'object' && event !== null && 'specversion' in event;

// On another broker there is no Kafka to probe: the run's test says so instead.
const onKafka = system.pubsub.broker === 'kafka';

describe('a message a subscription cannot decode', () => {
  const topic = `decode-probe-${randomUUID().slice(0, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'decode-probe-'));
  const delivered: unknown[] = [];
  const deadLettered: unknown[] = [];
  let app: Server;
  let sidecar: ChildProcess;

  beforeAll(async () => {
    if (!onKafka) return;
    app = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/probe-dlq') {
          deadLettered.push(body); // the message's bytes as they are (rawPayload)
          res.end('{}');
          return;
        }
        if (req.url === '/probe') {
          const { entries = [] } = JSON.parse(body || '{}') as {
            entries?: { entryId: string; event: unknown }[];
          };
          const taken = entries.filter((entry) => isCloudEvent(entry.event));
          delivered.push(...taken.map((entry) => entry.event));
          const statuses = entries.map((entry) => ({
            entryId: entry.entryId,
            status: taken.includes(entry) ? 'SUCCESS' : 'DROP',
          }));
          res.end(JSON.stringify({ statuses }));
          return;
        }
        res.end(req.url === '/dapr/subscribe' ? '[]' : '{}');
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    mkdirSync(join(dir, 'resources'));
    writeFileSync(join(dir, 'resources', 'probe.yaml'), resources(topic));
    const configFile = join(dir, 'config.yaml');
    writeFileSync(configFile, configuration);
    // prettier-ignore
    const args = [
      '--app-id', `probe-${topic}`, '--app-port', String((app.address() as AddressInfo).port),
      '--app-protocol', 'http', '--app-channel-address', '127.0.0.1',
      '--dapr-http-port', String(await freePort()), '--dapr-grpc-port', String(await freePort()),
      '--dapr-listen-addresses', '127.0.0.1', '--dapr-internal-grpc-listen-address', '127.0.0.1',
      '--metrics-port', String(await freePort()), '--metrics-listen-address', '127.0.0.1',
      '--resources-path', join(dir, 'resources'), '--config', configFile, '--log-level', 'info',
    ];
    sidecar = spawn(daprd, args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DAPR_HOST_IP: '127.0.0.1' },
    });
    const log = join(dir, 'daprd.log');
    sidecar.stdout?.on('data', (chunk: Buffer) => writeFileSync(log, chunk, { flag: 'a' }));
    sidecar.stderr?.on('data', (chunk: Buffer) => writeFileSync(log, chunk, { flag: 'a' }));
    if (registry) {
      // The probe topic's subject: todos-value's newest schema, under the topic's own name.
      const latest = (await (
        await fetch(`${registry}/subjects/todos-value/versions/latest`)
      ).json()) as { schema: string };
      const registered = await fetch(`${registry}/subjects/${topic}-value/versions`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ schema: latest.schema }),
      });
      expect(registered.status).toBe(200);
    }
  });

  afterAll(async () => {
    if (onKafka) {
      if (sidecar.exitCode === null && sidecar.signalCode === null) {
        const exited = new Promise((resolve) => sidecar.once('exit', resolve));
        sidecar.kill('SIGTERM');
        await exited;
      }
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  if (!onKafka) {
    it(`is a Kafka matter: this run's ${system.pubsub.broker} component reads no schema registry`, () => {
      expect(system.pubsub.broker).not.toBe('kafka');
      expect(registry ?? '').toBe('');
    });
    return;
  }

  const daprdLog = () => {
    try {
      return readFileSync(join(dir, 'daprd.log'), 'utf8');
    } catch {
      return '';
    }
  };

  it(
    registry
      ? 'stalls its partition: retried again and again, never dead-lettered; the valid one behind it waits'
      : 'goes to the dead-letter topic, and the valid one behind it is delivered',
    async () => {
      // A failure shows what the probe's sidecar said.
      const withLog = (error: unknown) => {
        throw new Error(`${String(error)}\n--- probe daprd ---\n${daprdLog().slice(-4000)}`);
      };
      const key = randomUUID();
      const valid = {
        id: randomUUID(),
        specversion: '1.0',
        source: 'probe',
        type: 'todo_created',
        datacontenttype: 'application/json',
        data: exampleTodoCreated(key),
      };
      await writeRawMessage(topic, key, 'not an event');
      const encode = registry ? await avroWriter(registry, `${topic}-value`) : JSON.stringify;
      await writeRawMessage(topic, key, encode(valid));

      if (registry) {
        // The sidecar logs the first failure only (dapr/kit's NotifyRecover); each retry asks
        // the registry again for the schema whose id the bytes seem to name.
        const id = Buffer.from('not an event').readUInt32BE(1);
        const registryLog = join(system.registry?.dataDir ?? '', 'registry.log');
        const lookups = () =>
          readFileSync(registryLog, 'utf8').split(`path="/apis/ccompat/v7/schemas/ids/${id}`)
            .length - 1;
        await eventually('the sidecar to try the message three times', () =>
          Promise.resolve(lookups() >= 3 ? true : undefined),
        ).catch(withLog);
        expect(daprdLog()).toContain(`Error processing Kafka bulk messages: ${topic}.`);
        expect(delivered).toEqual([]);
        expect(deadLettered).toEqual([]);
      } else {
        await eventually('the dead letter and the delivery', () =>
          Promise.resolve(deadLettered.length > 0 && delivered.length > 0 ? true : undefined),
        ).catch(withLog);
        expect(delivered).toEqual([expect.objectContaining({ id: valid.id })]);
        // The sidecar wrapped the bytes in a CloudEvent of its own (data_base64).
        expect(deadLettered.join()).toContain(Buffer.from('not an event').toString('base64'));
      }
    },
  );
});
