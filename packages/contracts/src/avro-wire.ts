// For tests and tools that look inside a topic (not exported from the index: services read
// events through their sidecars, never from the broker).
import avro, { type Type } from 'avsc';

/**
 * The Confluent wire format Dapr's Kafka component writes with `valueSchemaType: Avro`:
 * byte 0, the registry's schema id (4 bytes, big-endian), then the Avro binary.
 */
export function schemaIdOf(bytes: Buffer): number | undefined {
  return bytes.length > 5 && bytes[0] === 0 ? bytes.readUInt32BE(1) : undefined;
}

/** An Avro value as standard JSON: a union's value without its branch name around it. */
function plain(type: Type | undefined, value: unknown): unknown {
  if (value === null || value === undefined || !type) return value ?? null;
  switch (type.typeName) {
    case 'record': {
      const record = value as Record<string, unknown>;
      const fields = (type as avro.types.RecordType).fields;
      return Object.fromEntries(fields.map((f) => [f.name, plain(f.type, record[f.name])]));
    }
    case 'array':
      return (value as unknown[]).map((item) =>
        plain((type as avro.types.ArrayType).itemsType, item),
      );
    case 'union:wrapped': {
      const [branch, inner] = Object.entries(value as Record<string, unknown>)[0] ?? [];
      const types = (type as avro.types.WrappedUnionType).types;
      return plain(
        types.find((t) => t.branchName === branch),
        inner,
      );
    }
    case 'union:unwrapped': {
      const types = (type as avro.types.UnwrappedUnionType).types;
      return plain(
        types.find((t) => t.isValid(value)),
        value,
      );
    }
    default:
      return value;
  }
}

/** GET /schemas/ids/<id> of a registry's Confluent-compatible API: the schema's JSON text. */
const schemaFrom = (registry: string) => async (id: number) => {
  const response = await fetch(`${registry}/schemas/ids/${id}`);
  if (!response.ok) throw new Error(`${registry} has no schema ${id}: ${response.status}`);
  return ((await response.json()) as { schema: string }).schema;
};

/**
 * Reads Avro-framed messages with the schemas of `registry` (a Confluent-compatible API's
 * base URL), or of a function that finds a schema's text by its id.
 */
export function avroReader(registry: string | ((id: number) => Promise<string>)) {
  const schemaById = typeof registry === 'string' ? schemaFrom(registry) : registry;
  const types = new Map<number, Promise<Type>>();
  const typeOf = (id: number) => {
    let type = types.get(id);
    if (!type) {
      type = schemaById(id).then((schema) =>
        avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { wrapUnions: true }),
      );
      types.set(id, type);
    }
    return type;
  };
  /** The message's value as JSON text, or undefined when it carries no schema id. */
  return async (bytes: Buffer): Promise<string | undefined> => {
    const id = schemaIdOf(bytes);
    if (id === undefined) return undefined;
    const type = await typeOf(id);
    return JSON.stringify(plain(type, type.fromBuffer(bytes.subarray(5))));
  };
}

/**
 * Standard JSON as avsc's value of `type`, the way Dapr's Kafka component (goavro) reads it: a
 * union takes the first branch the value fits, and a record refuses fields it does not have.
 */
function wrapped(type: Type, value: unknown): unknown {
  switch (type.typeName) {
    case 'record': {
      if (typeof value !== 'object' || value === null) throw new Error('not a record');
      const record = value as Record<string, unknown>;
      const fields = (type as avro.types.RecordType).fields;
      const unknown = Object.keys(record).filter((key) => !fields.some((f) => f.name === key));
      if (unknown.length > 0) throw new Error(`no field ${unknown.join(', ')}`);
      return Object.fromEntries(
        fields.map((f) => [
          f.name,
          record[f.name] === undefined ? f.defaultValue() : wrapped(f.type, record[f.name]),
        ]),
      );
    }
    case 'array':
      return (value as unknown[]).map((item) =>
        wrapped((type as avro.types.ArrayType).itemsType, item),
      );
    case 'union:wrapped': {
      for (const branch of (type as avro.types.WrappedUnionType).types) {
        if (branch.typeName === 'null') {
          if (value === null) return null;
          continue;
        }
        try {
          return { [String(branch.branchName)]: wrapped(branch, value) };
        } catch {
          // the next branch, then
        }
      }
      throw new Error('fits no branch of the union');
    }
    default:
      if (!type.isValid(value)) throw new Error(`not a valid ${type.typeName}`);
      return value;
  }
}

/**
 * Writes values as Dapr's sidecar does with `valueSchemaType: Avro`: with the newest schema of
 * `subject` in `registry` (a base URL, or a function that gets a subject's newest schema),
 * framed with its id. For tools that fill a topic without sidecars.
 */
export async function avroWriter(
  registry: string | ((subject: string) => Promise<{ id: number; schema: string }>),
  subject: string,
) {
  const latest =
    typeof registry === 'string'
      ? async () => {
          const response = await fetch(`${registry}/subjects/${subject}/versions/latest`);
          if (!response.ok) throw new Error(`${registry} has no ${subject}: ${response.status}`);
          return (await response.json()) as { id: number; schema: string };
        }
      : () => registry(subject);
  const { id, schema } = await latest();
  const type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { wrapUnions: true });
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  return (value: unknown) => Buffer.concat([header, type.toBuffer(wrapped(type, value))]);
}
