// The project's docker-compose.yml, as npm run compose:up starts it, through its published
// ports only: the origin (nginx in front of web), Mailpit's API, and the broker's external
// listener.
import { describeSchemaRegistry, type RegistryStack } from '../stack/schema-registry';
import { describeThroughOrigin } from '../stack/through-origin';
import { brokers, compose, mailpit, origin } from './support/stack';

// Real containers: a slow machine makes these slower, not red.
jest.setTimeout(300_000);

describe('docker compose: what it publishes', () => {
  it('publishes the origin, Mailpit and the broker on 127.0.0.1, and nothing else', async () => {
    interface Container {
      Publishers: { URL: string; PublishedPort: number }[] | null;
    }
    const containers = (await compose('ps', '--format', 'json'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Container);
    const published = containers.flatMap((c) =>
      (c.Publishers ?? [])
        .filter((p) => p.PublishedPort > 0)
        .map((p) => `${p.URL}:${p.PublishedPort}`),
    );

    expect(containers.length).toBeGreaterThanOrEqual(13);
    expect(published.sort()).toEqual(['127.0.0.1:8025', '127.0.0.1:8080', '127.0.0.1:9094']);
  });
});

// The registry is not published: the apps' own view of it, from inside todo-api's container
// (Redpanda's http://kafka:8081, or Apicurio's ccompat API with the local images).
const registryGet: RegistryStack['registryGet'] = async (path) => {
  const script = `fetch(process.env.SCHEMA_REGISTRY_URL + ${JSON.stringify(path)})
    .then(async (r) => console.log(JSON.stringify({ status: r.status, body: await r.json() })))`;
  const out = await compose('exec', '-T', 'todo-api', 'node', '-e', script);
  return JSON.parse(out.trim().split('\n').pop() ?? '') as { status: number; body: unknown };
};

describeThroughOrigin({
  name: 'compose',
  origin,
  mailpit,
  kafka: { broker: 'kafka', address: brokers },
  schemaById: async (id) =>
    ((await registryGet(`/schemas/ids/${id}`)).body as { schema: string }).schema,
  latestSchema: async (subject) =>
    (await registryGet(`/subjects/${subject}/versions/latest`)).body as {
      id: number;
      schema: string;
    },
  makeOperator: async (username) => {
    await compose('exec', '-T', 'auth', 'node', 'dist/operator-cli.js', username);
  },
  restartTodoApi: async () => {
    await compose('restart', 'todo-api');
  },
});

describeSchemaRegistry({
  name: 'compose',
  origin,
  kafka: brokers,
  registryGet,
});
