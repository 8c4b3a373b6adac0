// Linux picks the source ports of outgoing connections from 32768–60999 by default. A listener
// in that range can find its port taken by some client's connection, and a run then fails at
// random, so every port a run binds stays below it, at the largest offset any run uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const EPHEMERAL_FROM = 32768;
// brokers.e2e runs JetStream at +8000; the e2e store variants add up to +200 to their offset.
const LARGEST_OFFSET = 8200;

type Port = 'appPort' | 'daprHTTPPort' | 'daprGRPCPort' | 'metricsPort';
interface RunTemplate {
  apps: ({ appID: string } & Record<Port, number>)[];
}

describe('listener ports', () => {
  it('keeps every port of dapr.yaml below the ephemeral range at the largest offset', () => {
    const file = join(__dirname, '..', '..', 'dapr.yaml');
    const { apps } = parse(readFileSync(file, 'utf8')) as RunTemplate;
    const ports = apps.flatMap((app) =>
      (['appPort', 'daprHTTPPort', 'daprGRPCPort', 'metricsPort'] as const).map((name) => ({
        what: `${app.appID} ${name}`,
        port: app[name] + LARGEST_OFFSET,
      })),
    );

    expect(ports).toHaveLength(12);
    expect(ports.filter(({ port }) => port >= EPHEMERAL_FROM)).toEqual([]);
  });
});
