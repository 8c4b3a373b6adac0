// The dev run, the e2e system (+1000, its store variants +1100 and +1200), the benchmarks and
// the nested `npm run dev` runs of the e2e suite (+2000 to +8000) run side by side, so no port
// of one may be a port of another. And Linux picks the source ports of outgoing connections
// from 32768–60999 by default: a listener there can find its port taken by some client's
// connection, so every port stays below that range.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const EPHEMERAL_FROM = 32768;
const OFFSETS = [0, 1000, 1100, 1200, 2000, 3000, 4000, 5000, 6000, 7000, 8000];

type Port = 'appPort' | 'daprHTTPPort' | 'daprGRPCPort' | 'metricsPort';
interface RunTemplate {
  apps: ({ appID: string; env?: { PUBLIC_PORT?: number } } & Record<Port, number>)[];
}

const file = join(__dirname, '..', '..', 'dapr.yaml');
const { apps } = parse(readFileSync(file, 'utf8')) as RunTemplate;
const ports = OFFSETS.flatMap((offset) =>
  apps.flatMap((app) =>
    (['appPort', 'daprHTTPPort', 'daprGRPCPort', 'metricsPort'] as const).map((name) => ({
      what: `${app.appID} ${name} +${offset}`,
      port: app[name] + offset,
    })),
  ),
);
// web's public origin (8080 in npm run dev) moves with the offset too.
const publicPorts = OFFSETS.flatMap((offset) =>
  apps.flatMap((app) =>
    app.env?.PUBLIC_PORT === undefined
      ? []
      : [{ what: `${app.appID} PUBLIC_PORT +${offset}`, port: app.env.PUBLIC_PORT + offset }],
  ),
);
ports.push(...publicPorts);

describe('listener ports of dapr.yaml', () => {
  it('stay below the ephemeral range at every offset', () => {
    expect(ports).toHaveLength(17 * OFFSETS.length);
    expect(ports.filter(({ port }) => port >= EPHEMERAL_FROM)).toEqual([]);
  });

  it('are never shared by two runs', () => {
    const owners = new Map<number, string[]>();
    for (const { port, what } of ports) owners.set(port, [...(owners.get(port) ?? []), what]);

    expect([...owners.values()].filter((names) => names.length > 1)).toEqual([]);
  });
});

interface ComposeFile {
  services: Record<string, { ports?: string[] }>;
}

describe('ports docker-compose.yml publishes on the host', () => {
  const compose = parse(
    readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'),
  ) as ComposeFile;
  const published = Object.entries(compose.services).flatMap(([service, { ports = [] }]) =>
    ports.map((mapping) => {
      const [host, port] = mapping.split(':');
      return { service, host, port: Number(port) };
    }),
  );

  it('are on 127.0.0.1 only, below the ephemeral range', () => {
    expect(published.length).toBeGreaterThanOrEqual(3);
    expect(published.filter(({ host }) => host !== '127.0.0.1')).toEqual([]);
    expect(published.filter(({ port }) => !(port > 0 && port < EPHEMERAL_FROM))).toEqual([]);
  });
});
