import { avroSchemaOf, exampleTodoCreated, TodoCreatedV1 } from '../src';
import { avroReader, avroWriter, schemaIdOf } from '../src/avro-wire';

// The registry is a function here: the wire format and the JSON mapping are what is tested.
const schema = JSON.stringify(avroSchemaOf('todos'));
const latest = () => Promise.resolve({ id: 42, schema });
const byId = (id: number) =>
  id === 42 ? Promise.resolve(schema) : Promise.reject(new Error(`no schema ${id}`));

const envelope = (data: unknown) => ({
  id: 'event-1',
  specversion: '1.0',
  source: 'todo-api',
  type: 'todo_created',
  data,
});

describe('the Confluent wire format, as Dapr writes it with valueSchemaType Avro', () => {
  it('frames a CloudEvent with byte 0 and the schema id, and reads it back as standard JSON', async () => {
    const write = await avroWriter(() => latest(), 'todos-value');
    const event = exampleTodoCreated('user-1');

    const bytes = write(envelope(event));
    const text = await avroReader(byId)(bytes);

    expect(bytes[0]).toBe(0);
    expect(schemaIdOf(bytes)).toBe(42);
    // Absent optional fields come back as null, as the sidecar hands them to the app.
    expect(JSON.parse(text ?? '')).toMatchObject({
      id: 'event-1',
      topic: '',
      data: { ...event, todo: { ...event.todo, description: null, dueAt: null } },
    });
  });

  it('picks the union branch the event fits: a version 1 todo_created stays version 1', async () => {
    const write = await avroWriter(() => latest(), 'todos-value');
    const v2 = exampleTodoCreated('user-1');
    // zod drops the priority that version 1 does not know.
    const v1 = TodoCreatedV1.parse({ ...v2, schemaVersion: 1 });

    const read = JSON.parse((await avroReader(byId)(write(envelope(v1)))) ?? '') as {
      data: { schemaVersion: number; todo: Record<string, unknown> };
    };

    expect(read.data.schemaVersion).toBe(1);
    expect(read.data.todo).not.toHaveProperty('priority');
  });

  it('refuses a field the schema does not have, as goavro does, and reads no unframed value', async () => {
    const write = await avroWriter(() => latest(), 'todos-value');
    const event = exampleTodoCreated('user-1');

    expect(() => write(envelope({ ...event, colour: 'red' }))).toThrow(/fits no branch/);
    expect(await avroReader(byId)(Buffer.from('{"id":"json"}'))).toBeUndefined();
  });
});
