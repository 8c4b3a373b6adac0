// `node scripts/bench/sdk-protocols.mjs [calls]`: CPU per sidecar call of a hand-written HTTP
// call (node:http), of @dapr/dapr's DaprClient over HTTP and over gRPC, and of the platform's
// adapter (the SDK over HTTP, a timeout, error mapping), against one real daprd
// with in-memory components (ports 43500-43502, so it can run beside the e2e system). The
// client's CPU comes from process.cpuUsage(), daprd's from /proc/<pid>/stat.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ensureDapr } from '../dapr/dapr.mjs';

const require = createRequire(join(process.cwd(), 'packages/platform/package.json'));
const { DaprClient, CommunicationProtocolEnum } = require('@dapr/dapr');
const { createSidecar, createSidecarHttp } = require('@todo-dapr/platform');

const CALLS = Number(process.argv[2] ?? 3000);
const IN_FLIGHT = 16;
const [HTTP_PORT, GRPC_PORT, METRICS_PORT] = [43500, 43501, 43502];
const TOKEN = 'bench-token-0123456789abcdef';

const resources = mkdtempSync(join(tmpdir(), 'sdk-protocols-'));
const component = (name, type) =>
  `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  version: v1\n  metadata: []\n`;
writeFileSync(join(resources, 'store.yaml'), component('store', 'state.in-memory'));
writeFileSync(join(resources, 'pubsub.yaml'), component('pubsub', 'pubsub.in-memory'));

const { daprd: daprdPath } = await ensureDapr();
const daprd = spawn(
  daprdPath,
  [
    ['--app-id', 'sdk-bench'],
    ['--dapr-http-port', HTTP_PORT],
    ['--dapr-grpc-port', GRPC_PORT],
    ['--metrics-port', METRICS_PORT],
    ['--dapr-listen-addresses', '127.0.0.1'],
    ['--metrics-listen-address', '127.0.0.1'],
    ['--dapr-internal-grpc-port', 43503],
    ['--dapr-internal-grpc-listen-address', '127.0.0.1'],
    ['--resources-path', resources],
    ['--log-level', 'warn'],
  ]
    .flat()
    .map(String),
  { stdio: 'ignore', env: { ...process.env, DAPR_API_TOKEN: TOKEN } },
);
const daprdCpuMs = () => {
  const fields = readFileSync(`/proc/${daprd.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, 100 Hz
};
for (let i = 0; ; i++) {
  const ok = await fetch(`http://127.0.0.1:${HTTP_PORT}/v1.0/healthz`, {
    headers: { 'dapr-api-token': TOKEN },
  }).then(
    (r) => r.status === 204,
    () => false,
  );
  if (ok) break;
  if (i > 100) throw new Error('daprd did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const options = { host: '127.0.0.1', httpPort: HTTP_PORT, apiToken: TOKEN, timeoutMs: 5000 };
const own = createSidecar({
  host: '127.0.0.1',
  httpPort: HTTP_PORT,
  apiToken: TOKEN,
  timeoutMs: 5000,
});
const sdk = (protocol) =>
  new DaprClient({
    daprHost: '127.0.0.1',
    daprPort: String(protocol === 'grpc' ? GRPC_PORT : HTTP_PORT),
    communicationProtocol:
      protocol === 'grpc' ? CommunicationProtocolEnum.GRPC : CommunicationProtocolEnum.HTTP,
    daprApiToken: TOKEN,
    logger: { level: 0 },
  });
const sdkHttp = sdk('http');
const sdkGrpc = sdk('grpc');
await sdkHttp.start();
await sdkGrpc.start();

const todo = (i) => ({ id: `t${i}`, title: `todo ${i}`, completed: false, order: i, version: 1 });
// Each client makes the same calls a create makes: a transaction and a publish.
const http = createSidecarHttp(options);
const clients = {
  'hand-written http': {
    transact: (i) =>
      http('/v1.0/state/store/transaction', {
        body: { operations: [{ operation: 'upsert', request: { key: `k${i}`, value: todo(i) } }] },
      }),
    publish: (i) =>
      http('/v1.0/publish/pubsub/todos', {
        body: todo(i),
        query: { 'metadata.cloudevent.type': 'todo_created' },
      }),
    getBulk: (i) =>
      http('/v1.0/state/store/bulk', { body: { keys: [`k${i}`, `k${i + 1}`], parallelism: 16 } }),
  },
  'platform adapter': {
    transact: (i) =>
      own.state.transact('store', [
        { operation: 'upsert', request: { key: `k${i}`, value: todo(i) } },
      ]),
    publish: (i) => own.pubsub.publish('pubsub', 'todos', todo(i), { type: 'todo_created' }),
    getBulk: (i) => own.state.getBulk('store', [`k${i}`, `k${i + 1}`]),
  },
  ...Object.fromEntries(
    [
      ['sdk http', sdkHttp],
      ['sdk grpc', sdkGrpc],
    ].map(([name, client]) => [
      name,
      {
        transact: (i) =>
          client.state.transaction('store', [
            { operation: 'upsert', request: { key: `k${i}`, value: JSON.stringify(todo(i)) } },
          ]),
        publish: async (i) => {
          const result = await client.pubsub.publish('pubsub', 'todos', todo(i), {
            metadata: { 'cloudevent.type': 'todo_created' },
          });
          if (result?.error) throw result.error;
        },
        getBulk: (i) => client.state.getBulk('store', [`k${i}`, `k${i + 1}`]),
      },
    ]),
  ),
};

async function run(call) {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CALLS) await call(next++);
    }),
  );
}

const rows = [];
for (let round = 0; round < 2; round++) {
  for (const [name, calls] of Object.entries(clients)) {
    for (const [op, call] of Object.entries(calls)) {
      await run(call); // warm-up
      const client0 = process.cpuUsage();
      const daprd0 = daprdCpuMs();
      const t0 = performance.now();
      await run(call);
      const wall = performance.now() - t0;
      const client = process.cpuUsage(client0);
      const clientUs = (client.user + client.system) / CALLS;
      const daprdUs = ((daprdCpuMs() - daprd0) * 1000) / CALLS;
      if (round === 1) rows.push({ name, op, clientUs, daprdUs, perSecond: (CALLS * 1000) / wall });
    }
  }
}
console.log(`${CALLS} calls each, ${IN_FLIGHT} in flight; CPU per call in µs`);
console.log('| client | call | client CPU | daprd CPU | sum | calls/s |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.op} | ${r.clientUs.toFixed(0)} | ${r.daprdUs.toFixed(0)} | ${(r.clientUs + r.daprdUs).toFixed(0)} | ${r.perSecond.toFixed(0)} |`,
  );
await sdkHttp.stop();
await sdkGrpc.stop();
daprd.kill();
process.exit(0);
