// REGISTRY=off, or a broker other than Kafka: no schema registry, so the run's sidecars load a
// copy of components/ whose Subscriptions no longer ask for Avro (valueSchemaType).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..');
const run = promisify(execFile);

/** Runs an ES module snippet in the repo root and returns what it writes to stdout. */
async function evaluate(script: string) {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
  });
  return stdout;
}

const withoutValueSchemaType = (text: string) =>
  evaluate(`
    import { withoutValueSchemaType } from './scripts/lib/components.mjs';
    process.stdout.write(withoutValueSchemaType(${JSON.stringify(text)}));`);

describe('withoutValueSchemaType', () => {
  it("takes valueSchemaType out of each Subscription's metadata, and the metadata once it is empty", async () => {
    const text = [
      'kind: Subscription',
      'spec:',
      '  topic: todos',
      '  # Avro, through the registry.',
      '  metadata:',
      '    valueSchemaType: Avro',
      'scopes:',
      '  - subscriber',
      '---',
      'kind: Subscription',
      'spec:',
      '  topic: users',
      '  metadata:',
      "    rawPayload: 'true'",
      '    valueSchemaType: Avro',
      '',
    ].join('\n');

    const result = await withoutValueSchemaType(text);

    expect(result).toBe(
      [
        'kind: Subscription',
        'spec:',
        '  topic: todos',
        'scopes:',
        '  - subscriber',
        '---',
        'kind: Subscription',
        'spec:',
        '  topic: users',
        '  metadata:',
        "    rawPayload: 'true'",
        '',
      ].join('\n'),
    );
  });

  it('leaves a file without it as it is, byte for byte', async () => {
    const component = [
      '# A component: its metadata is a list, and not ours to edit.',
      'kind: Component',
      'spec:',
      '  metadata:',
      '    - name: valueSchemaType',
      '      value: Avro',
      '',
    ].join('\n');

    expect(await withoutValueSchemaType(component)).toBe(component);
  });
});

describe('componentsWith({}, dir, { withoutSchemas: true })', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'components-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies components/shared without valueSchemaType, and the sidecars load that copy', async () => {
    const copy = join(dir, 'copy');

    const paths = await evaluate(`
      import { componentsWith, withComponentsDir } from './scripts/lib/components.mjs';
      const dir = componentsWith({}, ${JSON.stringify(copy)}, { withoutSchemas: true });
      const paths = withComponentsDir(['${repoRoot}/components/shared', '${repoRoot}/components'], dir);
      process.stdout.write(JSON.stringify(paths));`);

    const shared = join(repoRoot, 'components', 'shared');
    const originals = readdirSync(shared).filter((file) => file.endsWith('.yaml'));
    expect(JSON.parse(paths)).toEqual([join(copy, 'shared'), copy]);
    expect(readdirSync(join(copy, 'shared')).sort()).toEqual(originals.sort());
    const asksForAvro = originals.filter((file) =>
      readFileSync(join(shared, file), 'utf8').includes('valueSchemaType'),
    );
    expect(asksForAvro).toEqual([
      'subscription-live.yaml',
      'subscription-todos.yaml',
      'subscription-users.yaml',
    ]);
    for (const file of originals) {
      expect(readFileSync(join(copy, 'shared', file), 'utf8')).not.toContain('valueSchemaType');
    }
  });
});
