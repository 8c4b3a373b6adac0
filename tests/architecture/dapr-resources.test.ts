// What must not differ between the ways of running the project: the names of the Dapr
// resources, their scopes, the subscriptions (topics, routes, dead-letter topics), the
// resiliency policies and each app's Configuration. Backends, addresses and credentials may.
import { parse } from 'yaml';
import {
  composeMode,
  type DaprResource,
  devMode,
  kubernetesModes,
  type Mode,
  publishBudgetMs,
} from './support/dapr-modes';

// Rendering the overlays may first build kustomize (npm test provisions it before).
jest.setTimeout(180_000);

let modes: Mode[];
let reference: Mode;
let others: Mode[];
beforeAll(() => {
  modes = [devMode(), composeMode(), ...kubernetesModes()];
  // The dev run is the reference the others are held to.
  [reference, ...others] = modes as [Mode, ...Mode[]];
});

const byKind = (mode: Mode, kind: string) =>
  new Map(
    mode.resources
      .filter((resource) => resource.kind === kind)
      .map((resource) => [resource.metadata.name, resource]),
  );

/** The parts of a component that must not differ: its building block and who may use it. */
function componentContract(component: DaprResource) {
  const spec = component.spec as { type: string; metadata?: { name: string; value?: string }[] };
  const scoping = ['allowedTopics', 'protectedTopics', 'publishingScopes', 'subscriptionScopes'];
  return {
    buildingBlock: spec.type.split('.')[0],
    scopes: component.scopes ?? [],
    topicScopes: Object.fromEntries(
      (spec.metadata ?? [])
        .filter((entry) => scoping.includes(entry.name))
        .map((entry) => [entry.name, entry.value]),
    ),
  };
}

/** A Configuration without what differs per mode: name resolution, and the namespace. */
function configurationContract(configuration: DaprResource, namespace: string) {
  const spec = structuredClone(configuration.spec) as {
    nameResolution?: unknown;
    accessControl?: { policies?: { namespace?: string }[] };
  };
  delete spec.nameResolution;
  for (const policy of spec.accessControl?.policies ?? []) {
    expect(policy.namespace).toBe(namespace);
    policy.namespace = '<the namespace of the mode>';
  }
  return { name: configuration.metadata.name, spec };
}

describe('the Dapr resources of every mode', () => {
  it('are found in the dev run, docker-compose.yml and every Kubernetes overlay', () => {
    expect(modes.map((mode) => mode.name)).toEqual(
      expect.arrayContaining(['dev (dapr.yaml)', 'docker-compose.yml', 'Kubernetes overlay dev']),
    );
    for (const mode of modes) {
      expect({ mode: mode.name, apps: mode.sidecars.map((s) => s.appId).sort() }).toEqual({
        mode: mode.name,
        apps: ['auth', 'subscriber', 'todo-api', 'web'],
      });
    }
  });

  it('define each resource once per mode', () => {
    for (const mode of modes) {
      const keys = mode.resources.map((r) => `${mode.name}: ${r.kind} ${r.metadata.name}`);
      expect(keys).toEqual([...new Set(keys)]);
    }
  });

  it('have the same components, building blocks and scopes', () => {
    const contracts = (mode: Mode) =>
      Object.fromEntries(
        [...byKind(mode, 'Component')].map(([name, c]) => [name, componentContract(c)]),
      );
    for (const mode of others) {
      expect({ mode: mode.name, components: contracts(mode) }).toEqual({
        mode: mode.name,
        components: contracts(reference),
      });
    }
  });

  it('have the same subscriptions (topics, routes, dead-letter topics) and resiliency policies', () => {
    const contracts = (mode: Mode) =>
      [...mode.resources]
        .filter((r) => r.kind === 'Subscription' || r.kind === 'Resiliency')
        .map((r) => ({ kind: r.kind, name: r.metadata.name, spec: r.spec, scopes: r.scopes }))
        .sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
    expect(contracts(reference).map((c) => `${c.kind}/${c.name}`)).toEqual([
      'Resiliency/resiliency',
      'Subscription/live-todos',
      'Subscription/todos',
      'Subscription/todos-dlq',
      'Subscription/users',
      'Subscription/users-dlq',
    ]);
    for (const mode of others) {
      expect({ mode: mode.name, resources: contracts(mode) }).toEqual({
        mode: mode.name,
        resources: contracts(reference),
      });
    }
  });

  it('give each app the same Configuration (tracing, metrics, access control, secret scopes)', () => {
    const contracts = (mode: Mode) =>
      Object.fromEntries(
        mode.sidecars.map((s) => [s.appId, configurationContract(s.configuration, mode.namespace)]),
      );
    for (const mode of others) {
      expect({ mode: mode.name, configurations: contracts(mode) }).toEqual({
        mode: mode.name,
        configurations: contracts(reference),
      });
    }
  });

  it('let a publish give up before its app stops waiting for the sidecar', () => {
    // Otherwise a publish still being retried can send the event of a write the app has
    // already answered 503 for and reverted.
    const tooLong = modes.flatMap((mode) => {
      const resiliencies = mode.resources.filter((r) => r.kind === 'Resiliency');
      expect(resiliencies.map((r) => `${mode.name}: ${r.metadata.name}`)).toEqual([
        `${mode.name}: resiliency`,
      ]);
      const budgetMs = resiliencies[0] ? publishBudgetMs(resiliencies[0], 'pubsub') : Infinity;
      return mode.sidecars
        .filter((sidecar) => budgetMs >= sidecar.sidecarTimeoutMs)
        .map(
          (sidecar) =>
            `${mode.name}: a publish may go on for ${budgetMs} ms, ${sidecar.appId} waits ${sidecar.sidecarTimeoutMs} ms`,
        );
    });
    expect(tooLong).toEqual([]);
  });
});

describe('publishBudgetMs', () => {
  const resiliency = (outbound: string, retry: string) =>
    parse(`
      kind: Resiliency
      metadata: { name: resiliency }
      spec:
        policies:
          timeouts: { call: ${outbound} }
          retries: { again: ${retry} }
        targets: { components: { pubsub: { outbound: { timeout: call, retry: again } } } }
    `) as DaprResource;

  it('adds every attempt and the longest waits between them', () => {
    // 2 attempts of 2 s and one constant 200 ms wait.
    expect(
      publishBudgetMs(
        resiliency('2s', '{ policy: constant, duration: 200ms, maxRetries: 1 }'),
        'pubsub',
      ),
    ).toBe(4200);
    // 4 attempts of 5 s, waits of 0.5, 0.75 and 1.125 s, each up to 1.5× with jitter: the
    // policy docker-compose.yml once had, which outlived todo-api's 5 s by far.
    expect(
      publishBudgetMs(
        resiliency('5s', '{ policy: exponential, maxInterval: 2s, maxRetries: 3 }'),
        'pubsub',
      ),
    ).toBe(23_562.5);
  });

  it('is unbounded without a timeout or with endless retries', () => {
    expect(
      publishBudgetMs(resiliency('1s', '{ policy: constant, maxRetries: -1 }'), 'pubsub'),
    ).toBe(Infinity);
    expect(publishBudgetMs(resiliency('1s', '{ policy: constant, maxRetries: 1 }'), 'other')).toBe(
      Infinity,
    );
  });
});
