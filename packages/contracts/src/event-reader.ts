import type { z } from 'zod';

/** An event as a consumer read it: upcast to the newest version, or why it cannot be. */
export type EventRead<E> = { ok: true; event: E } | { ok: false; reason: string };

/**
 * The value without its `null` object fields, at any depth. A schema registry's wire format
 * (Avro, decoded by the sidecar) gives an absent optional field as `null`; no event field
 * is nullable, so a `null` means absent.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, withoutNulls(field)]),
  );
}

/** `path: message; …` for each issue, as dead letters give a broken contract's reason. */
export const issuesOf = (error: z.ZodError) =>
  error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(data)'}: ${issue.message}`)
    .join('; ');

export interface EventReaderOptions<V, E> {
  /** The topic, to name its contract in reasons. */
  topic: string;
  /** Each event name's schema per schemaVersion: every version a consumer may meet. */
  versions: Record<string, Record<number, z.ZodType<V>>>;
  /** An event of any known version as the newest version. */
  upcast: (event: V) => E;
}

/**
 * Reads the data of a topic's CloudEvent: drops nulls, picks the schema by `event` and
 * `schemaVersion`, parses, and upcasts. The one place a consumer learns event versions.
 */
export function createEventReader<V, E>({ topic, versions, upcast }: EventReaderOptions<V, E>) {
  const broken = (detail: string): EventRead<E> => ({
    ok: false,
    reason: `breaks the ${topic} contract: ${detail}`,
  });
  const names = Object.keys(versions);
  return (data: unknown): EventRead<E> => {
    const value = withoutNulls(data);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return broken('(data): expected an object');
    }
    const { event: name, schemaVersion } = value as { event?: unknown; schemaVersion?: unknown };
    const known =
      typeof name === 'string' && Object.hasOwn(versions, name) ? versions[name] : undefined;
    if (typeof name !== 'string' || !known) {
      return broken(`event: expected one of ${names.join(', ')}, got ${JSON.stringify(name)}`);
    }
    const numbers = Object.keys(known)
      .map(Number)
      .sort((a, b) => a - b);
    if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion)) {
      return broken(
        `schemaVersion: expected an integer (${numbers.join(', ')}), got ${JSON.stringify(schemaVersion)}`,
      );
    }
    const schema = known[schemaVersion];
    if (!schema) {
      return {
        ok: false,
        reason: `${name} schemaVersion ${schemaVersion} is not one this consumer knows (${numbers.join(', ')})`,
      };
    }
    const parsed = schema.safeParse(value);
    return parsed.success
      ? { ok: true, event: upcast(parsed.data) }
      : broken(issuesOf(parsed.error));
  };
}
