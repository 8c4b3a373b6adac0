import { z } from 'zod';
import { PasswordResetRequestedV1, UserRegisteredV1 } from './user-events';
import {
  TodoCreatedV1,
  TodoCreatedV2,
  TodoDeletedV1,
  TodoUpdatedV1,
  TodoUpdatedV2,
} from './todo-events';
import { Topics } from './topics';
import { avroName, avroNames } from './avro-names';

export { avroName, avroNames };

/*
 * The Avro schemas of the events, generated from the zod contracts: the registry's schemas
 * (subjects `todos-value` and `users-value`) and the released files under schemas/ come from here.
 *
 * Avro rather than JSON Schema: Dapr's Kafka component serializes through a registry only as
 * Avro (`valueSchemaType: Avro`). One subject per topic (`<topic>-value`), because the component
 * hard-codes TopicNameStrategy; so the subject's schema is the CloudEvent envelope, whose `data`
 * is the union of every event record of every version the topic carries.
 *
 * NAMES ARE FOREVER. Avro resolves a record or enum against another by its full name, so the
 * registry (BACKWARD_TRANSITIVE) refuses a schema that renames a named type a released version
 * has. The rule that makes the names:
 * - namespace: `todo_dapr.<topic>` (`todo_dapr.todos`, `todo_dapr.users`), on the envelope;
 *   every type inside inherits it;
 * - the envelope: record `CloudEvent`;
 * - an event: record `<PascalCase(event)>V<schemaVersion>`, e.g. `TodoCreatedV1`;
 * - a string literal: a one-symbol enum `<PascalCase(field)><PascalCase(value)>`,
 *   e.g. `EventTodoCreated` (field `event`, value `todo_created`);
 * - any other object (record) or enum: the name given with `avroName(schema, 'Name')`, else
 *   `PascalCase(field)`, or `<PascalCase(field)>Item` for the items of an array field:
 *   e.g. `Todo` for field `todo`.
 * A named type is defined where it first occurs (depth first, in field order) and referenced by
 * its full name afterwards (Avro forbids a second definition). Two different definitions under
 * one name are an error: give the new one another name with avroName. Never rename a type a
 * released schema has; add a new one (e.g. a new event version) instead.
 *
 * Mapping: object -> record; string (any checks: datetime, url, email...) -> string;
 * number().int() -> long (int32() -> int), other numbers -> double; boolean -> boolean; enum -> enum; string
 * literal -> one-symbol enum (so a union branch only matches its own event); number literal ->
 * int; array -> array; optional -> ["null", T] with default null; union / discriminatedUnion ->
 * union. Anything else (nullable, default, transform...) is refused.
 */

export type AvroSchema = string | AvroSchema[] | { type: string; [key: string]: unknown };

export interface AvroField {
  name: string;
  type: AvroSchema;
  default?: unknown;
}
interface Named {
  type: 'record' | 'enum';
  name: string;
  [key: string]: unknown;
}

const avroIdentifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

function assertIdentifier(what: string, value: string, path: string) {
  if (!avroIdentifier.test(value)) {
    throw new Error(`${path}: ${what} ${JSON.stringify(value)} is not an Avro name`);
  }
}

export const pascalCase = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

// zod's int() is a safe integer (53 bits): Avro long. int32 fits Avro's 32-bit int.
const intFormats = new Set(['int32', 'uint32']);

/** Where a type sits: the path for messages, and the name it gets if it is named. */
interface Place {
  path: string;
  field: string;
  items?: boolean;
}

const defaultName = (place: Place) => `${pascalCase(place.field)}${place.items ? 'Item' : ''}`;

function nameOf(schema: z.ZodType, place: Place) {
  const name = avroNames.get(schema)?.avroName ?? defaultName(place);
  assertIdentifier('name', name, place.path);
  return name;
}

function enumOf(name: string, symbols: readonly unknown[], path: string): Named {
  for (const symbol of symbols) {
    if (typeof symbol !== 'string') throw new Error(`${path}: an enum of non-strings`);
    assertIdentifier('enum symbol', symbol, path);
  }
  return { type: 'enum', name, symbols: [...symbols] };
}

/** The Avro type of a zod schema, every named type written out in full (see `dedupe`). */
function inline(schema: z.ZodType, place: Place): AvroSchema {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })
    ._zod.def;
  const { path } = place;
  switch (def.type) {
    case 'object': {
      const shape = (schema as z.ZodObject).shape;
      return {
        type: 'record',
        name: nameOf(schema, place),
        fields: Object.entries(shape).map(([field, fieldSchema]) =>
          fieldOf(field, fieldSchema as z.ZodType, `${path}.${field}`),
        ),
      };
    }
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number': {
      const { format } = schema as z.ZodNumber;
      if (format === 'safeint') return 'long';
      return format && intFormats.has(format) ? 'int' : 'double';
    }
    case 'enum':
      return enumOf(nameOf(schema, place), Object.values(def.entries as object), path);
    case 'literal': {
      const values = def.values as unknown[];
      if (values.every((value) => typeof value === 'string')) {
        const name =
          avroNames.get(schema)?.avroName ??
          `${pascalCase(place.field)}${values.map((value) => pascalCase(value)).join('')}`;
        assertIdentifier('name', name, path);
        return enumOf(name, values, path);
      }
      if (values.every((value) => Number.isInteger(value))) return 'int';
      throw new Error(`${path}: only string or integer literals have an Avro type`);
    }
    case 'array':
      return { type: 'array', items: inline(def.element as z.ZodType, { ...place, items: true }) };
    case 'union':
      return (def.options as z.ZodType[]).map((option, index) => {
        const type = inline(option, { ...place, path: `${path}|${index}` });
        if (Array.isArray(type)) throw new Error(`${path}: a union inside a union`);
        return type;
      });
    case 'optional':
      throw new Error(`${path}: optional is only supported on an object's field`);
    default:
      throw new Error(`${path}: zod type "${def.type}" has no Avro mapping here`);
  }
}

function fieldOf(field: string, schema: z.ZodType, path: string): AvroField {
  assertIdentifier('field name', field, path);
  if (schema instanceof z.ZodOptional) {
    const type = inline(schema.unwrap() as z.ZodType, { path, field });
    if (Array.isArray(type)) throw new Error(`${path}: an optional union`);
    return { name: field, type: ['null', type], default: null };
  }
  return { name: field, type: inline(schema, { path, field }) };
}

/**
 * Defines each named type once, at its first occurrence, and references it by its full name
 * afterwards. A different definition under a name already defined is an error.
 */
function dedupe(type: AvroSchema, namespace: string, defined: Map<string, string>): AvroSchema {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.map((branch) => dedupe(branch, namespace, defined));
  if (type.type === 'array') {
    return { ...type, items: dedupe(type.items as AvroSchema, namespace, defined) };
  }
  if (type.type !== 'record' && type.type !== 'enum') return type;
  const fullName = `${namespace}.${type.name as string}`;
  const definition = JSON.stringify(type);
  const earlier = defined.get(fullName);
  if (earlier !== undefined) {
    if (earlier !== definition) {
      throw new Error(
        `two different Avro types are named ${fullName}: give one of them another name with avroName(schema, 'Name') (never rename one a released schema has)\n  ${earlier}\n  ${definition}`,
      );
    }
    return fullName;
  }
  defined.set(fullName, definition);
  if (type.type === 'enum') return type;
  return {
    ...type,
    fields: (type.fields as AvroField[]).map((field) => ({
      ...field,
      type: dedupe(field.type, namespace, defined),
    })),
  };
}

/**
 * The Avro schema of a zod type, as a top-level schema in `namespace` (a record gets the
 * namespace; named types are defined once). `name` names a top-level object or enum.
 */
export function toAvroSchema(
  schema: z.ZodType,
  { namespace, name }: { namespace: string; name?: string },
): AvroSchema {
  const type = inline(schema, { path: name ?? '$', field: name ?? 'Root' });
  const deduped = dedupe(type, namespace, new Map());
  if (typeof deduped === 'object' && !Array.isArray(deduped) && 'name' in deduped) {
    const { type: kind, name: typeName, ...rest } = deduped;
    return { type: kind, name: typeName, namespace, ...rest };
  }
  return deduped;
}

/** An event record's name: `<PascalCase(event)>V<schemaVersion>`, from its literals. */
export function eventRecordName(event: z.ZodObject) {
  const literal = (field: string) => {
    const schema: unknown = event.shape[field];
    if (!(schema instanceof z.ZodLiteral) || schema.values.size !== 1) {
      throw new Error(`an event schema needs a literal ${field}`);
    }
    return [...schema.values][0];
  };
  return `${pascalCase(String(literal('event')))}V${String(literal('schemaVersion'))}`;
}

/**
 * Every event schema of every version each topic carries, oldest first: the `data` union of
 * its subject. A new version is appended here (never replaces one), then
 * `npm run schemas:generate` releases the new schema.
 */
export const avroTopicEvents = {
  [Topics.todos]: [TodoCreatedV1, TodoUpdatedV1, TodoDeletedV1, TodoCreatedV2, TodoUpdatedV2],
  [Topics.users]: [UserRegisteredV1, PasswordResetRequestedV1],
} satisfies Record<string, z.ZodObject[]>;
export type AvroTopic = keyof typeof avroTopicEvents;

/** The registry subject of a topic (Dapr's TopicNameStrategy). */
export const subjectOf = (topic: AvroTopic) => `${topic}-value`;
/** Subject -> topic, for every topic whose messages are Avro. */
export const avroSubjects = Object.fromEntries(
  (Object.keys(avroTopicEvents) as AvroTopic[]).map((topic) => [subjectOf(topic), topic]),
) as Record<string, AvroTopic>;

/**
 * The CloudEvent fields Dapr writes besides `data`. The first four are always there; the rest
 * default to "" (not a null union, so the envelope has no nulls).
 */
const envelopeStrings = ['id', 'specversion', 'source', 'type'];
const envelopeOptionalStrings = [
  'datacontenttype',
  'topic',
  'pubsubname',
  'traceid',
  'traceparent',
  'tracestate',
  'time',
  'subject',
  'expiration',
];

export interface AvroRecord {
  type: 'record';
  name: string;
  namespace: string;
  fields: AvroField[];
}

/**
 * The Avro record of the Dapr CloudEvent envelope for `topic`: the schema of subject
 * `<topic>-value`, whose `data` is the union of every event record of every version.
 */
export function avroSchemaOf(topic: AvroTopic): AvroRecord {
  if (!Object.hasOwn(avroTopicEvents, topic)) throw new Error(`topic ${topic} has no Avro schema`);
  const namespace = `todo_dapr.${topic}`;
  const data = avroTopicEvents[topic].map((event) => {
    const name = eventRecordName(event);
    return avroName(event.clone(), name);
  });
  const envelope = z.object({
    ...Object.fromEntries(envelopeStrings.map((field) => [field, z.string()])),
    ...Object.fromEntries(envelopeOptionalStrings.map((field) => [field, z.string()])),
    data: z.union(data),
  });
  const schema = toAvroSchema(avroName(envelope, 'CloudEvent'), {
    namespace,
  }) as unknown as AvroRecord;
  for (const field of schema.fields) {
    if (envelopeOptionalStrings.includes(field.name)) field.default = '';
  }
  return schema;
}
