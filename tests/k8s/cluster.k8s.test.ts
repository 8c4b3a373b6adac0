// The local Kubernetes cluster of npm run k8s:up: Dapr's own control plane from its chart, the
// app from deploy/k8s, reached through the Ingress at the origin k8s:up printed.
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { call } from '../e2e/support/http';
import { eventually } from '../e2e/support/system';
import { registrySchemaById } from '../e2e/support/broker-tap';
import { describeSchemaRegistry } from '../stack/schema-registry';
import { describeThroughOrigin } from '../stack/through-origin';
import {
  app,
  brokers,
  kubectl,
  mailpit,
  origin,
  schemaRegistry,
  sidecarStatus,
} from './support/cluster';

// A real cluster on two cores: a slow machine makes these slower, not red.
jest.setTimeout(300_000);

const SERVICES = ['auth', 'todo-api', 'subscriber', 'web'];

interface Pod {
  metadata: { name: string; labels: Record<string, string> };
  spec: { containers: { name: string }[] };
  status: { conditions?: { type: string; status: string }[] };
}

const podsOf = async (service: string): Promise<Pod[]> =>
  (
    JSON.parse(
      await app('get', 'pods', '-l', `app.kubernetes.io/name=${service}`, '-o', 'json'),
    ) as { items: Pod[] }
  ).items;

describe('k8s: Dapr on the cluster', () => {
  it('runs each service pod with the daprd container the injector added', async () => {
    const containers = await Promise.all(
      SERVICES.map(async (service) =>
        (await podsOf(service)).map((pod) => pod.spec.containers.map((c) => c.name).sort()),
      ),
    );

    expect(containers.map((pods) => pods.length > 0)).toEqual([true, true, true, true]);
    expect(containers.flat()).toEqual(
      expect.arrayContaining(SERVICES.map((service) => [service, 'daprd'].sort())),
    );
    expect(containers.flat().every((names) => names.includes('daprd'))).toBe(true);
  });

  it('has mTLS on, with each sidecar holding a certificate from sentry', async () => {
    const mtls = await kubectl(
      'get',
      'configuration',
      'daprsystem',
      '-n',
      'dapr-system',
      '-o',
      'jsonpath={.spec.mtls.enabled}',
    );
    const [pod] = await podsOf('todo-api');
    const log = await app('logs', pod?.metadata.name ?? '', '-c', 'daprd');

    expect(mtls.trim()).toBe('true');
    expect(log).toMatch(/Security is initialized successfully/);
  });

  it('loads the project’s components, subscriptions and resiliency through the operator', async () => {
    const script = `fetch('http://127.0.0.1:' + process.env.DAPR_HTTP_PORT + '/v1.0/metadata', {
      headers: { 'dapr-api-token': process.env.DAPR_API_TOKEN } }).then((r) => r.json())
      .then((m) => console.log(JSON.stringify(m)));`;
    const metadata = JSON.parse(
      await app('exec', 'deploy/subscriber', '-c', 'subscriber', '--', 'node', '-e', script),
    ) as { components: { name: string }[]; subscriptions: { topic: string }[] };

    expect(metadata.components.map((c) => c.name).sort()).toEqual(
      expect.arrayContaining(['email', 'pubsub', 'secrets', 'subscriber-store']),
    );
    expect(metadata.subscriptions.map((s) => s.topic).sort()).toEqual(
      expect.arrayContaining(['todos', 'users']),
    );
  });

  it('refuses a call to a sidecar without the Dapr API token from its Secret', async () => {
    const withToken = await sidecarStatus('todo-api', '/v1.0/healthz/outbound');
    const without = await sidecarStatus('todo-api', '/v1.0/metadata', { withToken: false });

    expect(withToken).toBe(204);
    expect(without).toBe(401);
  });

  it('lets todo-api fetch auth’s JWKS by invocation, and denies it any other method of auth', async () => {
    const allowed = await sidecarStatus(
      'todo-api',
      '/v1.0/invoke/auth/method/.well-known/jwks.json',
    );
    const denied = await sidecarStatus('todo-api', '/v1.0/invoke/auth/method/auth/me');

    expect(allowed).toBe(200);
    expect(denied).toBe(403);
  });

  it('gives web’s sidecar live-pubsub and the live subscription, and lets it invoke todo-api', async () => {
    const script = `fetch('http://127.0.0.1:' + process.env.DAPR_HTTP_PORT + '/v1.0/metadata', {
      headers: { 'dapr-api-token': process.env.DAPR_API_TOKEN } }).then((r) => r.json())
      .then((m) => console.log(JSON.stringify(m)));`;
    const metadata = JSON.parse(
      await app('exec', 'deploy/web', '-c', 'web', '--', 'node', '-e', script),
    ) as { components: { name: string }[]; subscriptions: { pubsubname: string; topic: string }[] };
    // Without a token todo-api answers 401: the call got through access control.
    const todos = await sidecarStatus('web', '/v1.0/invoke/todo-api/method/todos');
    const internal = await sidecarStatus('web', '/v1.0/invoke/subscriber/method/metrics');

    // `kubernetes` is the secret store daprd adds by itself in a cluster.
    expect(
      metadata.components
        .map((c) => c.name)
        .filter((name) => name !== 'kubernetes')
        .sort(),
    ).toEqual(['live-pubsub']);
    expect(metadata.subscriptions).toEqual([
      expect.objectContaining({ pubsubname: 'live-pubsub', topic: 'todos' }),
    ]);
    expect(todos).toBe(401);
    expect(internal).toBe(403);
  });
});

describe('k8s: the host forwarding nothing', () => {
  const iptables = async (...args: string[]) =>
    (await promisify(execFile)('iptables', args)).stdout;

  // Docker's engine sets the host's FORWARD policy to DROP. Pod traffic never crosses the
  // host's forwarding: the node is a namespace of its own, and the host reaches it directly.
  it('serves the origin and pod-to-pod calls with the host’s FORWARD policy at DROP', async () => {
    const policy = /^-P FORWARD (\w+)/m.exec(await iptables('-S', 'FORWARD'))?.[1] ?? 'ACCEPT';
    await iptables('-P', 'FORWARD', 'DROP');
    try {
      const jwks = await call(`${origin}/.well-known/jwks.json`);
      const invoked = await sidecarStatus(
        'subscriber',
        '/v1.0/invoke/auth/method/.well-known/jwks.json',
      );

      expect(jwks.status).toBe(200);
      expect(invoked).toBe(200);
    } finally {
      await iptables('-P', 'FORWARD', policy);
    }
  });
});

const stack = describeThroughOrigin({
  name: 'k8s',
  origin,
  mailpit,
  kafka: { broker: 'kafka', address: brokers },
  schemaById: registrySchemaById(schemaRegistry),
  latestSchema: async (subject) =>
    (await (await fetch(`${schemaRegistry}/subjects/${subject}/versions/latest`)).json()) as {
      id: number;
      schema: string;
    },
  makeOperator: async (username) => {
    await app('exec', 'deploy/auth', '-c', 'auth', '--', 'node', 'dist/operator-cli.js', username);
  },
  // A pod deleted as a node drain or a rollout does: the Deployment starts another.
  restartTodoApi: async () => {
    const [pod] = await podsOf('todo-api');
    await app('delete', 'pod', pod?.metadata.name ?? '', '--wait=false');
  },
});

describe('k8s: the subscriber scaled to two replicas', () => {
  afterAll(async () => {
    await app('scale', 'deployment/subscriber', '--replicas=1');
  });

  it('shares the topics between them and keeps the stats exact', async () => {
    await app('scale', 'deployment/subscriber', '--replicas=2');
    await app('rollout', 'status', 'deployment/subscriber', '--timeout=240s');
    const ready = (await podsOf('subscriber')).filter((pod) =>
      pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    const { token } = await stack.newUserSession();
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const created = await call(`${origin}/todos`, { token, body: { title: `scaled ${i}` } });
      ids.push(String(created.body.id));
    }
    for (const id of ids.slice(0, 10)) {
      await call(`${origin}/todos/${id}`, { method: 'PATCH', token, body: { completed: true } });
    }

    const stats = await stack.statsWhen(token, (s) => s.eventsProcessed >= 41);

    expect(ready).toHaveLength(2);
    expect(stats).toMatchObject({ total: 30, completed: 10, open: 20, eventsProcessed: 41 });
  });
});

/**
 * GET /live of one web pod, read from inside it (the Ingress picks no pod): a `kubectl exec`
 * that prints `todo <id>` for each event; `has(id)` tells whether that todo's event came.
 */
function liveInPod(pod: string, token: string) {
  const script = `fetch('http://127.0.0.1:' + process.env.APP_PORT + '/live', {
    headers: { authorization: 'Bearer ' + process.argv[1] } }).then(async (r) => {
    console.log('status ' + r.status);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of r.body) {
      buffered += decoder.decode(chunk, { stream: true });
      for (let end; (end = buffered.indexOf('\\n\\n')) >= 0; buffered = buffered.slice(end + 2)) {
        const data = /^data: (.*)$/m.exec(buffered.slice(0, end))?.[1];
        if (data) console.log('todo ' + JSON.parse(data).todo?.id);
      }
    }
  });
  setTimeout(() => process.exit(0), 240000);`;
  const child = spawn(
    process.execPath,
    [
      join(__dirname, '..', '..', 'scripts', 'k8s', 'k8s.mjs'),
      'kubectl',
      '-n',
      'todo-dapr',
      'exec',
      pod,
      '-c',
      'web',
      '--',
      'node',
      '-e',
      script,
      token,
    ],
    // A group of its own, so that close() ends kubectl too.
    { detached: true, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  let rest = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    const parts = (rest + text).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  return {
    lines,
    has: (id: string) => lines.includes(`todo ${id}`),
    close: () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Gone already.
      }
    },
  };
}

describe('k8s: web scaled to two replicas', () => {
  afterAll(async () => {
    await app('scale', 'deployment/web', '--replicas=1');
  });

  it('delivers each event to a stream on every replica within 1 s (a consumer group per pod)', async () => {
    await app('scale', 'deployment/web', '--replicas=2');
    await app('rollout', 'status', 'deployment/web', '--timeout=240s');
    const pods = (await podsOf('web')).filter((pod) =>
      pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    const { token } = await stack.newUserSession();
    const streams = pods.map((pod) => liveInPod(pod.metadata.name, token));
    try {
      await eventually('a /live stream open in each pod', () =>
        Promise.resolve(streams.every((s) => s.lines.includes('status 200')) || undefined),
      );
      // The new pod's sidecar joins its group at the newest offset: wait for both to deliver.
      await eventually(
        'both replicas to deliver',
        async () => {
          const warm = await call(`${origin}/todos`, { token, body: { title: 'warm-up' } });
          const id = String(warm.body.id);
          await new Promise((resolve) => setTimeout(resolve, 2000));
          return streams.every((s) => s.has(id)) || undefined;
        },
        120_000,
      );

      const started = Date.now();
      const created = await call(`${origin}/todos`, { token, body: { title: 'to every replica' } });
      const id = String(created.body.id);
      await eventually(
        'the event on both replicas',
        () => Promise.resolve(streams.every((s) => s.has(id)) || undefined),
        10_000,
      );
      const tookMs = Date.now() - started;

      expect(pods).toHaveLength(2);
      expect(tookMs).toBeLessThan(1000);
      process.stdout.write(`k8s: the event on both web replicas ${tookMs} ms after the create\n`);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});

describeSchemaRegistry({
  name: 'k8s',
  origin,
  kafka: brokers,
  registryGet: async (path) => {
    const response = await fetch(`${schemaRegistry}${path}`);
    return { status: response.status, body: await response.json() };
  },
});
