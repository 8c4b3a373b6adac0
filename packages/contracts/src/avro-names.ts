import { z } from 'zod';

/** Names given to zod schemas for Avro: see the naming rule in avro.ts. */
export const avroNames = z.registry<{ avroName: string }>();

/**
 * Gives `schema` the Avro name `name` (a record's or an enum's) and returns it. A released
 * schema's names are forever: name a new type, never rename an old one.
 */
export function avroName<T extends z.ZodType>(schema: T, name: string): T {
  avroNames.add(schema, { avroName: name });
  return schema;
}
