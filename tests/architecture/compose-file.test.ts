// Rules about docker-compose.yml and its local-images override (npm run compose:up).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const repoRoot = join(__dirname, '..', '..');

interface Service {
  image?: string;
  ports?: string[];
  build?: { args?: Record<string, string> };
  [key: string]: unknown;
}
interface ComposeFile {
  services: Record<string, Service>;
}

// `!reset` and `!override` are compose's own YAML tags; their values are all that matters here.
const composeTags = ['!reset', '!override'].map((tag) => ({
  tag,
  collection: 'seq' as const,
  resolve: (value: unknown) => value,
}));
const load = (file: string) =>
  parse(readFileSync(join(repoRoot, file), 'utf8'), {
    merge: true,
    customTags: composeTags,
  }) as ComposeFile;

const shipped = load('docker-compose.yml');
const local = load('deploy/compose/local-images.yml');
const versionOf = (image: string) => /:v?([^-]+)/.exec(image)?.[1];
// The one service of its own: Kafka has no schema registry built in, so Apicurio stands in
// for Redpanda's (in docker-compose.yml, the service kafka serves both).
const REGISTRY_STAND_IN = 'schema-registry';

describe('docker-compose.yml', () => {
  it('publishes ports on 127.0.0.1 only', () => {
    const ports = Object.entries(shipped.services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => `${name} ${port}`),
    );
    expect(ports.length).toBeGreaterThan(0);
    expect(ports.filter((port) => !/^\S+ 127\.0\.0\.1:\d+:\d+$/.test(port))).toEqual([]);
  });

  it('pins every public image to a version', () => {
    const images = Object.values(shipped.services)
      .map((service) => service.image)
      .filter((image): image is string => image !== undefined && !image.startsWith('todo-dapr/'));
    // A release, not a moving tag: 1.22.1, v25.1.1, 15.20-bookworm (PostgreSQL counts in two).
    expect(images.filter((image) => !/:v?\d+\.\d+(\.\d+)?(-[a-z]+)?$/.test(image))).toEqual([]);
  });
});

describe('deploy/compose/local-images.yml', () => {
  it('only names services of docker-compose.yml, and the stand-in for Redpanda’s registry', () => {
    expect(Object.keys(local.services).filter((name) => !(name in shipped.services))).toEqual([
      REGISTRY_STAND_IN,
    ]);
  });

  it('points every app, sidecar and the schema registration at the registry stand-in', () => {
    const url = (service: Service) =>
      (service.environment as Record<string, string> | undefined)?.SCHEMA_REGISTRY_URL;
    const inShipped = Object.entries(shipped.services)
      .filter(([, service]) => url(service) !== undefined)
      .map(([name]) => name)
      .sort();
    const inLocal = Object.entries(local.services)
      .filter(([, service]) => url(service)?.startsWith(`http://${REGISTRY_STAND_IN}:`))
      .map(([name]) => name)
      .sort();

    expect(inShipped).toHaveLength(9);
    expect(inLocal).toEqual(inShipped);
  });

  it('replaces each public image with the same version, but the broker', () => {
    const replaced = Object.entries(local.services)
      .filter(([name, service]) => service.image !== undefined && name !== REGISTRY_STAND_IN)
      .map(([name, service]) => ({
        name,
        shipped: versionOf(shipped.services[name]?.image ?? ''),
        local: versionOf(service.image ?? ''),
      }));
    expect(replaced.map((r) => r.name).sort()).toEqual(
      Object.entries(shipped.services)
        .filter(([, s]) => s.image !== undefined && !s.image.startsWith('todo-dapr/'))
        .filter(([name]) => name !== 'kafka-console')
        .map(([name]) => name)
        .sort(),
    );
    // Apache Kafka stands in for Redpanda: the one image that is other software.
    expect(replaced.filter((r) => r.name !== 'kafka' && r.shipped !== r.local)).toEqual([]);
  });

  it('builds the services on the same Node.js release as the Dockerfile', () => {
    const dockerfile = readFileSync(join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8');
    const node = versionOf(/^ARG NODE_IMAGE=(\S+)/m.exec(dockerfile)?.[1] ?? '');
    const args = Object.values(local.services)
      .map((service) => service.build?.args?.NODE_IMAGE)
      .filter((image) => image !== undefined);
    // The four services and the schema registration.
    expect(args).toHaveLength(5);
    expect(args.map(versionOf)).toEqual([node, node, node, node, node]);
  });
});
