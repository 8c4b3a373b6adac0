// What the prod overlay promises a team starting from it: every service autoscaled from at
// least 2 replicas and covered by a disruption budget, every container (and sidecar) sized,
// images from a registry at a release tag, default-deny networking with allows that name
// their ports, and each state store logging in with its own Secret.
import { parseAllDocuments } from 'yaml';
import { renderOverlay } from './support/overlays';

// Rendering the overlay may first build kustomize (npm test provisions it before).
jest.setTimeout(180_000);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: unknown;
}
interface Container {
  name: string;
  image: string;
  resources?: Partial<Record<'requests' | 'limits', Partial<Record<'cpu' | 'memory', string>>>>;
}
interface Deployment {
  spec: {
    replicas?: number;
    template: {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: { containers: Container[] };
    };
  };
}
interface Autoscaler {
  spec: {
    scaleTargetRef: { kind: string; name: string };
    minReplicas?: number;
    metrics?: { type: string; resource?: { name: string } }[];
  };
}
interface DisruptionBudget {
  spec: {
    selector: { matchLabels: Record<string, string> };
    maxUnavailable?: number;
    minAvailable?: number;
  };
}
interface NetworkPolicy {
  spec: {
    podSelector: object;
    policyTypes: string[];
    ingress?: { ports?: unknown[] }[];
    egress?: { ports?: unknown[] }[];
  };
}
interface Component {
  spec: { type: string; metadata: { name: string; secretKeyRef?: { name: string } }[] };
}

let objects: K8sObject[];
beforeAll(() => {
  objects = parseAllDocuments(renderOverlay('prod'))
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
});

const ofKind = <T>(kind: string) =>
  objects.filter((object) => object.kind === kind) as (K8sObject & T)[];
const deployments = () => ofKind<Deployment>('Deployment');
const selects = (matchLabels: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(matchLabels).every(([key, value]) => labels[key] === value);

describe('the prod overlay', () => {
  it('runs the three services and web', () => {
    expect(
      deployments()
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(['auth', 'subscriber', 'todo-api', 'web']);
  });

  it('routes every path of the Ingress to web, and to no other service', () => {
    interface Ingress {
      spec: {
        rules: {
          http: { paths: { path: string; backend: { service: { name: string } } }[] };
        }[];
      };
    }
    const routes = ofKind<Ingress>('Ingress').flatMap((ingress) =>
      ingress.spec.rules.flatMap((rule) =>
        rule.http.paths.map((p) => `${p.path} -> ${p.backend.service.name}`),
      ),
    );

    expect(routes).toEqual(['/ -> web']);
  });

  it('gives each web pod a Kafka consumer group of its own, over SASL/TLS like the apps', () => {
    const metadataOf = (name: string) =>
      Object.fromEntries(
        (
          ofKind<Component>('Component').find((c) => c.metadata.name === name)?.spec.metadata ?? []
        ).map((m) => [m.name, (m as { value?: string }).value ?? m.secretKeyRef?.name]),
      );
    const live = metadataOf('live-pubsub');
    const apps = metadataOf('pubsub');

    expect(live.consumerGroup).toMatch(/\{(podName|uuid)\}/);
    for (const key of ['brokers', 'authType', 'disableTls', 'saslUsername', 'saslMechanism']) {
      expect({ key, value: live[key] }).toEqual({ key, value: apps[key] });
    }
  });

  it('autoscales every Deployment on CPU from at least 2 replicas, and leaves the count to it', () => {
    const unscaled = deployments().flatMap((deployment) => {
      const hpa = ofKind<Autoscaler>('HorizontalPodAutoscaler').find(
        (h) =>
          h.spec.scaleTargetRef.kind === 'Deployment' &&
          h.spec.scaleTargetRef.name === deployment.metadata.name,
      );
      const problems = [
        !hpa && 'no HorizontalPodAutoscaler',
        hpa && hpa.apiVersion !== 'autoscaling/v2' && `${hpa.apiVersion}, not autoscaling/v2`,
        hpa && (hpa.spec.minReplicas ?? 1) < 2 && `minReplicas ${hpa.spec.minReplicas ?? 1}`,
        hpa &&
          !hpa.spec.metrics?.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu') &&
          'no CPU metric',
        // `kubectl apply` would reset the autoscaler's count to it.
        deployment.spec.replicas !== undefined && `spec.replicas ${deployment.spec.replicas}`,
      ];
      return problems.filter(Boolean).map((p) => `${deployment.metadata.name}: ${String(p)}`);
    });

    expect(unscaled).toEqual([]);
  });

  it('covers the pods of every Deployment with a PodDisruptionBudget that lets one go', () => {
    const uncovered = deployments()
      .filter(
        (deployment) =>
          !ofKind<DisruptionBudget>('PodDisruptionBudget').some(
            (pdb) =>
              selects(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels) &&
              ((pdb.spec.maxUnavailable ?? 0) >= 1 || (pdb.spec.minAvailable ?? 0) >= 1),
          ),
      )
      .map((deployment) => deployment.metadata.name);

    expect(uncovered).toEqual([]);
  });

  it('gives every app and its sidecar CPU and memory requests and limits', () => {
    const sidecarAnnotations = ['cpu-request', 'memory-request', 'cpu-limit', 'memory-limit'].map(
      (what) => `dapr.io/sidecar-${what}`,
    );
    const unsized = deployments().flatMap((deployment) => {
      const { annotations } = deployment.spec.template.metadata;
      const { containers } = deployment.spec.template.spec;
      return [
        ...sidecarAnnotations.filter((key) => !annotations[key]).map((key) => `daprd: ${key}`),
        ...containers.flatMap((container) =>
          (['requests', 'limits'] as const).flatMap((kind) =>
            (['cpu', 'memory'] as const)
              .filter((resource) => !container.resources?.[kind]?.[resource])
              .map((resource) => `${container.name}: ${kind}.${resource}`),
          ),
        ),
      ].map((problem) => `${deployment.metadata.name} ${problem}`);
    });

    expect(unsized).toEqual([]);
  });

  it('pulls every image from a registry at a release tag', () => {
    const images = deployments().flatMap((deployment) =>
      deployment.spec.template.spec.containers.map((container) => container.image),
    );

    expect(
      images.filter((image) => !/^[a-z0-9.-]+\.[a-z]+\/.+:\d+\.\d+\.\d+$/.test(image)),
    ).toEqual([]);
  });

  it('denies all traffic by default, and every allow names its ports', () => {
    const policies = ofKind<NetworkPolicy>('NetworkPolicy');
    const defaultDeny = policies.filter(
      (p) =>
        Object.keys(p.spec.podSelector).length === 0 &&
        [...p.spec.policyTypes].sort().join() === 'Egress,Ingress' &&
        p.spec.ingress === undefined &&
        p.spec.egress === undefined,
    );
    const openPorts = policies.flatMap((p) =>
      [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]
        .filter((rule) => !rule.ports?.length)
        .map(() => p.metadata.name),
    );

    expect(defaultDeny.map((p) => p.metadata.name)).toEqual(['default-deny']);
    expect(openPorts).toEqual([]);
  });

  it('has each state store log in with its own Secret', () => {
    const stores = ofKind<Component>('Component').filter((c) => c.spec.type.startsWith('state.'));
    const secretOf = (store: Component) =>
      store.spec.metadata.find((m) => m.name === 'connectionString')?.secretKeyRef?.name;

    expect(stores.map((store) => [store.metadata.name, secretOf(store)]).sort()).toEqual([
      ['auth-store', 'postgres-auth-store'],
      ['subscriber-store', 'postgres-subscriber-store'],
      ['todo-store', 'postgres-todo-store'],
    ]);
  });
});
