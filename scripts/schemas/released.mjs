// The released Avro schemas (schemas/<subject>/v<N>.avsc) and the current one generated from
// the zod contracts (packages/contracts/dist, after `tsc -b packages/contracts`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SetupError } from '../lib/console.mjs';
import { repoRoot } from '../lib/paths.mjs';

export const schemasDir = join(repoRoot, 'schemas');

/** The subjects that have released schemas, sorted. */
export function releasedSubjects(dir = schemasDir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A subject's released versions, oldest first: `{ version, file, schema }` (schema: parsed JSON). */
export function releasedVersions(subject, dir = schemasDir) {
  const subjectDir = join(dir, subject);
  if (!existsSync(subjectDir)) return [];
  return readdirSync(subjectDir)
    .map((name) => ({ name, match: /^v([1-9][0-9]*)\.avsc$/.exec(name) }))
    .filter(({ match }) => match)
    .map(({ name, match }) => {
      const file = join(subjectDir, name);
      return { version: Number(match[1]), file, schema: JSON.parse(readFileSync(file, 'utf8')) };
    })
    .sort((a, b) => a.version - b.version);
}

/** The pretty JSON text a released file holds. */
export const schemaFileText = (schema) => `${JSON.stringify(schema, null, 2)}\n`;

/** Equal Avro schemas as this repo writes them (same JSON, same key order). */
export const sameSchema = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** `{ [subject]: schema }` generated from today's contracts (needs packages/contracts/dist). */
export async function currentSchemas() {
  const dist = join(repoRoot, 'packages', 'contracts', 'dist', 'index.js');
  if (!existsSync(dist)) {
    throw new SetupError(
      'packages/contracts/dist is missing: run `npm run build` (or `npx tsc -b packages/contracts`) first',
    );
  }
  const contracts = await import(pathToFileURL(dist).href);
  return Object.fromEntries(
    Object.entries(contracts.avroSubjects).map(([subject, topic]) => [
      subject,
      contracts.avroSchemaOf(topic),
    ]),
  );
}
