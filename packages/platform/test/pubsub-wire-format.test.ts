import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSidecar, sidecarOptionsFrom } from '../src';

// Dapr's Kafka component takes `valueSchemaType` from each publish request, never from the
// component file: these pin that every kind of publish names it when the registry is on.

let server: Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
});

const sidecarWith = (SCHEMA_REGISTRY_URL: string | undefined) =>
  createSidecar(
    sidecarOptionsFrom({
      DAPR_HOST: '127.0.0.1',
      DAPR_HTTP_PORT: port,
      DAPR_TIMEOUT_MS: 2000,
      SCHEMA_REGISTRY_URL,
    }),
  );

async function publishEveryWay(sidecar: ReturnType<typeof sidecarWith>) {
  await sidecar.pubsub.publish('pubsub', 'todos', { n: 1 }, { id: 'a', partitionKey: 'u1' });
  await sidecar.pubsub.publishBulk('pubsub', 'todos', [
    { entryId: '0', data: { n: 2 }, options: { id: 'b' } },
  ]);
  await sidecar.pubsub.publishCloudEvent('pubsub', 'todos', { id: 'c', data: {} }, 'u1');
}

describe('publishing with a schema registry', () => {
  it('names valueSchemaType=Avro on single, bulk and CloudEvent publishes', async () => {
    await publishEveryWay(sidecarWith('http://127.0.0.1:8085/apis/ccompat/v7'));

    expect(seen).toHaveLength(3);
    for (const request of seen) expect(request).toContain('metadata.valueSchemaType=Avro');
    expect(seen[1]).toMatch(/^POST \/v1\.0-alpha1\/publish\/bulk\/pubsub\/todos\?/);
  });

  it('names no schema type without a registry, or with an empty URL', async () => {
    await publishEveryWay(sidecarWith(undefined));
    await publishEveryWay(sidecarWith(''));

    expect(seen).toHaveLength(6);
    for (const request of seen) expect(request).not.toContain('valueSchemaType');
  });
});
