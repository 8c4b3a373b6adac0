// components/alternatives/ holds files a user copies over a component of components/ to run on
// another store or broker, with no code change and no rebuild. Such a copy must not widen or
// narrow who may use the component: the name, building block, scopes and topic scopes stay.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const components = join(__dirname, '..', '..', 'components');
const alternatives = join(components, 'alternatives');

interface Component {
  kind: string;
  metadata: { name: string };
  spec: { type: string; metadata?: { name: string; value?: string; envRef?: string }[] };
  scopes?: string[];
}

const load = (file: string) => parse(readFileSync(file, 'utf8')) as Component;
const files = readdirSync(alternatives).filter((file) => file.endsWith('.yaml'));
/** pubsub.redis.yaml replaces pubsub.yaml. */
const replaced = (file: string) => `${file.split('.')[0] ?? ''}.yaml`;

const scoping = ['allowedTopics', 'protectedTopics', 'publishingScopes', 'subscriptionScopes'];
const contract = (component: Component) => ({
  kind: component.kind,
  name: component.metadata.name,
  buildingBlock: component.spec.type.split('.')[0],
  scopes: component.scopes,
  topicScopes: (component.spec.metadata ?? [])
    .filter((entry) => scoping.includes(entry.name))
    .map((entry) => [entry.name, entry.value]),
});

describe('the alternative component files', () => {
  it('are there for each store and broker the README names', () => {
    expect(files.sort()).toEqual([
      'auth-store.postgresql.yaml',
      'auth-store.redis.yaml',
      'live-pubsub.jetstream.yaml',
      'live-pubsub.rabbitmq.yaml',
      'live-pubsub.redis.yaml',
      'pubsub.jetstream.yaml',
      'pubsub.rabbitmq.yaml',
      'pubsub.redis.yaml',
      'subscriber-store.postgresql.yaml',
      'subscriber-store.redis.yaml',
      'todo-store.postgresql.yaml',
      'todo-store.redis.yaml',
    ]);
  });

  it.each(files)(
    '%s keeps the name, building block, scopes and topic scopes of the file it replaces',
    (file) => {
      const original = load(join(components, replaced(file)));
      const alternative = load(join(alternatives, file));

      expect(contract(alternative)).toEqual(contract(original));
      expect(alternative.spec.type).not.toBe(original.spec.type);
    },
  );

  it.each([
    ['pubsub.redis.yaml', 'redisHost', 'REDIS_PUBSUB_HOST'],
    ['pubsub.rabbitmq.yaml', 'connectionString', 'RABBITMQ_URL'],
    ['pubsub.jetstream.yaml', 'natsURL', 'NATS_URL'],
    ['live-pubsub.redis.yaml', 'redisHost', 'REDIS_PUBSUB_HOST'],
    ['live-pubsub.rabbitmq.yaml', 'connectionString', 'RABBITMQ_URL'],
    ['live-pubsub.jetstream.yaml', 'natsURL', 'NATS_URL'],
    ['todo-store.postgresql.yaml', 'connectionString', 'POSTGRES_CONNECTION_STRING'],
    ['todo-store.redis.yaml', 'redisHost', 'REDIS_HOST'],
  ])('%s reads its address (%s) from the environment, %s', (file, field, variable) => {
    const entry = load(join(alternatives, file)).spec.metadata?.find((e) => e.name === field);

    expect(entry).toEqual({ name: field, envRef: variable });
  });
});
