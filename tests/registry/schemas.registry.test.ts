// The compatibility check against a real schema registry (Apicurio, started by the global
// setup): the released schemas, in order, then the current one must pass BACKWARD_TRANSITIVE;
// a change that would break a consumer must be refused with HTTP 409.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { avroSchemaOf } from '@todo-dapr/contracts';

jest.setTimeout(120_000);

const repoRoot = join(__dirname, '..', '..');
const registry = must(process.env.TEST_SCHEMA_REGISTRY_URL);
const scratch = mkdtempSync(join(tmpdir(), 'schemas-registry-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

const node = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<Outcome>((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: repoRoot, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });

/** Runs scripts/schemas/schemas.mjs's `fn` ({ registry, ...options }) in a child (ES module). */
async function api(fn: 'checkSchemas' | 'registerSchemas', options: Record<string, unknown> = {}) {
  const optionsFile = join(scratch, `options-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(optionsFile, JSON.stringify({ registry, ...options }));
  const script = `
    import { readFileSync } from 'node:fs';
    import { ${fn} } from './scripts/schemas/schemas.mjs';
    const options = JSON.parse(readFileSync(${JSON.stringify(optionsFile)}, 'utf8'));
    try {
      process.stdout.write(JSON.stringify({ result: await ${fn}(options) }));
    } catch (error) {
      process.stdout.write(JSON.stringify({ error: { name: error.name, status: error.status, subject: error.subject, message: error.message } }));
    }`;
  const { stdout, stderr } = await node(['--input-type=module', '-e', script]);
  try {
    return JSON.parse(stdout) as {
      result?: Record<string, unknown>;
      error?: { name: string; status?: number; subject?: string; message: string };
    };
  } catch {
    throw new Error(`${fn} printed no JSON:\n${stdout}\n${stderr}`);
  }
}

const get = async (path: string) => (await fetch(`${registry}${path}`)).json();

interface Field {
  name: string;
  type: unknown;
  default?: unknown;
}
interface Record_ {
  name: string;
  fields: Field[];
}

/** The current todos schema, edited by `edit` (given the envelope and its data records). */
function todosVariant(edit: (records: Record_[], envelope: Record_) => void) {
  const envelope = JSON.parse(JSON.stringify(avroSchemaOf('todos'))) as Record_;
  const records = must(envelope.fields.find((field) => field.name === 'data')).type as Record_[];
  edit(records, envelope);
  return { 'todos-value': envelope };
}
const record = (records: Record_[], name: string) => must(records.find((r) => r.name === name));
/** The `Todo` record (defined in TodoCreatedV1's `todo` field). */
const todoRecord = (records: Record_[]) =>
  must(record(records, 'TodoCreatedV1').fields.find((field) => field.name === 'todo'))
    .type as Record_;

describe('the event schemas in a real registry', () => {
  it('registers the released versions in order, with BACKWARD_TRANSITIVE, idempotently', async () => {
    const first = await api('registerSchemas');
    const again = await api('registerSchemas');

    expect(first.error).toBeUndefined();
    expect(again.result).toEqual(first.result);
    for (const subject of ['todos-value', 'users-value']) {
      expect(await get(`/config/${subject}`)).toEqual({
        compatibilityLevel: 'BACKWARD_TRANSITIVE',
      });
      expect(await get(`/subjects/${subject}/versions`)).toEqual(
        (must(first.result)[subject] as unknown[]).map((_, index) => index + 1),
      );
    }
  });

  it('passes the released versions and then the current schema (npm run schemas:check)', async () => {
    const cli = await node(['scripts/schemas/schemas.mjs', 'check', `--registry=${registry}`]);

    expect(cli).toMatchObject({ code: 0 });
    expect(cli.stderr).toMatch(
      /todos-value: \d+ released version\(s\) and the current one are BACKWARD_TRANSITIVE/,
    );
    // The scratch subjects are gone (soft and permanent delete).
    expect(await get('/subjects?deleted=true')).toEqual(['todos-value', 'users-value']);
  });

  it.each([
    [
      'making an optional field required',
      todosVariant((records) => {
        const description = must(todoRecord(records).fields.find((f) => f.name === 'description'));
        description.type = 'string';
        delete description.default;
      }),
    ],
    [
      'adding a field without a default',
      todosVariant((records) => {
        record(records, 'TodoCreatedV1').fields.push({ name: 'priority', type: 'string' });
      }),
    ],
    [
      'dropping an event version that is on the topic',
      todosVariant((records) => {
        records.splice(records.indexOf(record(records, 'TodoDeletedV1')), 1);
      }),
    ],
    [
      'removing a symbol from an enum',
      todosVariant((records) => {
        const changes = must(
          record(records, 'TodoUpdatedV1').fields.find((f) => f.name === 'changes'),
        );
        const items = (changes.type as { items: { symbols: string[] } }).items;
        items.symbols = items.symbols.filter((symbol) => symbol !== 'dueAt');
      }),
    ],
  ])('refuses %s with HTTP 409', async (_change, current) => {
    const { error } = await api('checkSchemas', { current });

    expect(error).toMatchObject({ name: 'RegistryError', status: 409, subject: 'todos-value' });
    expect(must(error).message).toMatch(
      /^todos-value: .*the current schema is not (BACKWARD|FULL)_TRANSITIVE/,
    );
  });

  it('passes a compatible change: an optional field with a default', async () => {
    const current = todosVariant((records) => {
      todoRecord(records).fields.push({ name: 'note', type: ['null', 'string'], default: null });
    });

    const outcome = await api('checkSchemas', { current });

    expect(outcome.error).toBeUndefined();
  });

  // Avro alone calls this BACKWARD compatible (the new reader ignores the field), but the
  // consumer's sidecar decodes with the writer's schema: an app that knows TodoCreatedV1 would
  // get it without `sequence`. Hence the per-record FULL_TRANSITIVE check.
  it('refuses removing a field from a released event record with HTTP 409', async () => {
    const current = todosVariant((records) => {
      const created = record(records, 'TodoCreatedV1');
      created.fields = created.fields.filter((field) => field.name !== 'sequence');
    });

    const { error } = await api('checkSchemas', { current });

    expect(error).toMatchObject({ name: 'RegistryError', status: 409, subject: 'todos-value' });
    expect(must(error).message).toMatch(
      /^todos-value: event record TodoCreatedV1 in the current schema is not FULL_TRANSITIVE/,
    );
  });

  it('passes a new event version joining the union', async () => {
    const current = todosVariant((records) => {
      const v3 = JSON.parse(JSON.stringify(record(records, 'TodoCreatedV2'))) as Record_;
      v3.name = 'TodoCreatedV3';
      v3.fields = v3.fields.map((field) =>
        field.name === 'event'
          ? { ...field, type: 'todo_dapr.todos.EventTodoCreated' }
          : field.name === 'todo'
            ? { ...field, type: 'todo_dapr.todos.TodoV2' }
            : field,
      );
      v3.fields.push({ name: 'labels', type: { type: 'array', items: 'string' } });
      records.push(v3);
    });

    const outcome = await api('checkSchemas', { current });

    expect(outcome.error).toBeUndefined();
    expect(must(outcome.result)['todos-value']).toMatchObject({
      records: [
        'TodoCreatedV1',
        'TodoUpdatedV1',
        'TodoDeletedV1',
        'TodoCreatedV2',
        'TodoUpdatedV2',
        'TodoCreatedV3',
      ],
    });
  });
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}
