// The local Kubernetes cluster of npm run k8s:up: Dapr's own control plane from its chart, the
// app from deploy/k8s, reached through the Ingress at the origin k8s:up printed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { call } from '../e2e/support/http';
import { describeThroughOrigin } from '../stack/through-origin';
import { app, brokers, kubectl, mailpit, origin, sidecarStatus } from './support/cluster';

// A real cluster on two cores: a slow machine makes these slower, not red.
jest.setTimeout(300_000);

const SERVICES = ['auth', 'todo-api', 'subscriber'];

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

    expect(containers.map((pods) => pods.length > 0)).toEqual([true, true, true]);
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
