import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { z } from 'zod';
import {
  avroName,
  avroSchemaOf,
  avroSubjects,
  avroTopicEvents,
  eventRecordName,
  exampleTodoCreated,
  toAvroSchema,
  type AvroTopic,
  type TodoEvent,
  type UserEvent,
} from '../src';

const schemasDir = join(__dirname, '..', '..', '..', 'schemas');
const ns = { namespace: 'test_ns' };

describe('the zod to Avro converter', () => {
  it('maps the subset the event contracts use', () => {
    const schema = z.object({
      text: z.string().min(1).max(20).regex(/x/).trim(),
      when: z.iso.datetime(),
      link: z.url(),
      count: z.number().int().positive(),
      small: z.int32(),
      ratio: z.number().min(0),
      done: z.boolean(),
      color: z.enum(['red', 'green']),
      kind: z.literal('thing'),
      version: z.literal(2),
      tags: z.array(z.string()),
      note: z.string().optional(),
    });

    expect(toAvroSchema(schema, { ...ns, name: 'Thing' })).toEqual({
      type: 'record',
      name: 'Thing',
      namespace: 'test_ns',
      fields: [
        { name: 'text', type: 'string' },
        { name: 'when', type: 'string' },
        { name: 'link', type: 'string' },
        { name: 'count', type: 'long' },
        { name: 'small', type: 'int' },
        { name: 'ratio', type: 'double' },
        { name: 'done', type: 'boolean' },
        { name: 'color', type: { type: 'enum', name: 'Color', symbols: ['red', 'green'] } },
        { name: 'kind', type: { type: 'enum', name: 'KindThing', symbols: ['thing'] } },
        { name: 'version', type: 'int' },
        { name: 'tags', type: { type: 'array', items: 'string' } },
        { name: 'note', type: ['null', 'string'], default: null },
      ],
    });
  });

  it('makes a discriminated union a union of records, and names array items', () => {
    const a = avroName(z.object({ kind: z.literal('a'), n: z.number().int() }), 'A');
    const b = avroName(z.object({ kind: z.literal('b') }), 'B');
    const schema = z.object({
      one: z.discriminatedUnion('kind', [a, b]),
      parts: z.array(z.object({ x: z.boolean() })),
    });

    expect(toAvroSchema(schema, { ...ns, name: 'Holder' })).toMatchObject({
      fields: [
        {
          name: 'one',
          type: [
            { type: 'record', name: 'A', fields: [{ name: 'kind' }, { name: 'n', type: 'long' }] },
            { type: 'record', name: 'B' },
          ],
        },
        { name: 'parts', type: { type: 'array', items: { type: 'record', name: 'PartsItem' } } },
      ],
    });
  });

  it('defines a named type once and refers to it by its full name afterwards', () => {
    const Inner = z.object({ id: z.string() });
    const schema = z.object({
      inner: Inner,
      again: z.object({ inner: Inner, also: avroName(Inner.clone(), 'Inner') }),
    });

    const avroSchema = toAvroSchema(schema, { ...ns, name: 'Outer' });

    expect(avroSchema).toEqual({
      type: 'record',
      name: 'Outer',
      namespace: 'test_ns',
      fields: [
        {
          name: 'inner',
          type: { type: 'record', name: 'Inner', fields: [{ name: 'id', type: 'string' }] },
        },
        {
          name: 'again',
          type: {
            type: 'record',
            name: 'Again',
            fields: [
              { name: 'inner', type: 'test_ns.Inner' },
              { name: 'also', type: 'test_ns.Inner' },
            ],
          },
        },
      ],
    });
    expect(() => avro.Type.forSchema(avroSchema as avro.Schema)).not.toThrow();
  });

  it('refuses two different types under one name, and says how to fix it', () => {
    const schema = z.object({
      a: z.object({ inner: z.object({ id: z.string() }) }),
      b: z.object({ inner: z.object({ id: z.number() }) }),
    });

    expect(() => toAvroSchema(schema, { ...ns, name: 'Outer' })).toThrow(
      /two different Avro types are named test_ns\.Inner: give one of them another name with avroName/,
    );
  });

  it('refuses what it cannot map, naming where', () => {
    expect(() => toAvroSchema(z.object({ a: z.string().nullable() }), ns)).toThrow(
      /\$\.a: zod type "nullable" has no Avro mapping/,
    );
    expect(() => toAvroSchema(z.object({ 'a-b': z.string() }), ns)).toThrow(/not an Avro name/);
    expect(() => toAvroSchema(z.object({ e: z.enum(['a b']) }), ns)).toThrow(/enum symbol/);
  });
});

describe('the envelope schema of a topic', () => {
  it('is a CloudEvent record whose data is every event record of every version', () => {
    const schema = avroSchemaOf('todos');

    expect(schema).toMatchObject({
      type: 'record',
      name: 'CloudEvent',
      namespace: 'todo_dapr.todos',
    });
    const data = must(schema.fields.find((field) => field.name === 'data')).type as unknown as {
      name: string;
    }[];
    expect(data.map((record) => record.name)).toEqual(
      avroTopicEvents.todos.map((event) => eventRecordName(event)),
    );
    expect(data.map((record) => record.name)).toContain('TodoCreatedV1');
    // Strings Dapr always writes, then strings with default "": no nulls in the envelope.
    for (const name of ['id', 'specversion', 'source', 'type']) {
      expect(schema.fields.find((field) => field.name === name)).toEqual({ name, type: 'string' });
    }
    for (const name of ['datacontenttype', 'topic', 'pubsubname', 'traceparent', 'subject']) {
      expect(schema.fields.find((field) => field.name === name)).toEqual({
        name,
        type: 'string',
        default: '',
      });
    }
  });

  it('names the subjects after the topics (TopicNameStrategy)', () => {
    expect(avroSubjects).toEqual({ 'todos-value': 'todos', 'users-value': 'users' });
  });

  // What the Dapr sidecar does with a CloudEvent: encode it with the subject's schema; the
  // consumer's sidecar decodes it and drops nothing.
  const roundTrip = (topic: AvroTopic, event: TodoEvent | UserEvent) => {
    const type = avro.Type.forSchema(avroSchemaOf(topic) as avro.Schema);
    const envelope = {
      id: 'event-1',
      specversion: '1.0',
      source: 'todo-api',
      type: event.event,
      datacontenttype: 'application/json',
      topic,
      pubsubname: 'pubsub',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      data: { [`todo_dapr.${topic}.${eventRecordName(eventSchemaOf(topic, event))}`]: event },
    };
    const decoded = type.fromBuffer(type.toBuffer(envelope)) as typeof envelope;
    return { ...decoded, data: dropNulls(Object.values(decoded.data)[0]) };
  };

  it.each(exampleEvents())(
    'round-trips a %s through avsc in its envelope',
    (_name, topic, event) => {
      const decoded = roundTrip(topic, event);

      expect(decoded.data).toEqual(event);
      expect(decoded).toMatchObject({ id: 'event-1', type: event.event, topic, tracestate: '' });
    },
  );

  it('cannot encode an event that breaks its record', () => {
    const broken = { ...exampleTodoCreated(), sequence: 'one' } as unknown as TodoEvent;

    expect(() => roundTrip('todos', broken)).toThrow();
  });
});

describe('the released schemas', () => {
  it.each(Object.entries(avroSubjects))(
    '%s: the newest released file is the current schema (else run npm run schemas:generate)',
    (subject, topic) => {
      const versions = readdirSync(join(schemasDir, subject))
        .map((name) => /^v(\d+)\.avsc$/.exec(name))
        .filter((match) => match !== null)
        .map((match) => Number(match[1]))
        .sort((a, b) => a - b);
      expect(versions).toEqual(versions.map((_, index) => index + 1));
      const newest = JSON.parse(
        readFileSync(join(schemasDir, subject, `v${versions.at(-1)}.avsc`), 'utf8'),
      );

      if (JSON.stringify(newest) !== JSON.stringify(avroSchemaOf(topic))) {
        throw new Error(
          `the schema generated from the contracts differs from schemas/${subject}/v${versions.at(-1)}.avsc: run npm run schemas:generate`,
        );
      }
    },
  );
});

function eventSchemaOf(topic: AvroTopic, event: TodoEvent | UserEvent) {
  const schema = avroTopicEvents[topic].find((candidate) => candidate.safeParse(event).success);
  if (!schema) throw new Error(`no ${topic} event schema accepts ${JSON.stringify(event)}`);
  return schema;
}

/** Decoded Avro has null for absent optional fields; the contracts have no nullable fields. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== null)
        .map(([key, field]) => [key, dropNulls(field)]),
    );
  }
  return value;
}

function exampleEvents(): [string, AvroTopic, TodoEvent | UserEvent][] {
  const created = exampleTodoCreated();
  const now = created.occurredAt;
  if (created.event !== 'todo_created') throw new Error('exampleTodoCreated made no todo_created');
  const { todo } = created;
  const user = { id: 'user-1', username: 'alice', email: 'alice@example.com' };
  return [
    ['todo_created', 'todos', created],
    [
      'todo_updated with a description and dueAt',
      'todos',
      {
        ...created,
        event: 'todo_updated',
        sequence: 2,
        todo: { ...todo, description: 'two litres', dueAt: now, version: 2 },
        changes: ['description', 'dueAt'],
      },
    ],
    [
      'todo_deleted',
      'todos',
      {
        ...created,
        event: 'todo_deleted',
        schemaVersion: 1,
        sequence: 3,
        todo: { id: todo.id, version: 2 },
      },
    ],
    [
      'user_registered',
      'users',
      {
        event: 'user_registered',
        schemaVersion: 1,
        occurredAt: now,
        userId: 'user-1',
        sequence: 1,
        user,
      },
    ],
    [
      'password_reset_requested',
      'users',
      {
        event: 'password_reset_requested',
        schemaVersion: 1,
        occurredAt: now,
        userId: 'user-1',
        sequence: 2,
        user,
        sealedToken: 'c2VhbGVk',
        resetUrlTemplate: 'http://127.0.0.1:3002/reset?token={token}',
        expiresAt: now,
      },
    ],
  ];
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}
