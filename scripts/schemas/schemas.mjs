#!/usr/bin/env node
// The event schemas in a Confluent-compatible schema registry (Apicurio's /apis/ccompat/v7,
// Redpanda's :8081). This file is the API and the CLI:
//   node scripts/schemas/schemas.mjs register|check [--registry=URL]
//   register  sets BACKWARD_TRANSITIVE on each subject and registers each released
//             schemas/<subject>/v<N>.avsc in order (idempotent); reads only schemas/
//   check     the same on scratch subjects <subject>-check-<random> (deleted afterwards), then
//             the schema generated from the contracts (packages/contracts/dist: npm run build);
//             exits non-zero with the registry's message when a change would break a consumer
// URL: --registry, else $SCHEMA_REGISTRY_URL, else http://127.0.0.1:8085/apis/ccompat/v7.
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, runMain, say, SetupError } from '../lib/console.mjs';
import { currentSchemas, releasedSubjects, releasedVersions } from './released.mjs';

export const COMPATIBILITY = 'BACKWARD_TRANSITIVE';
export const defaultRegistry = () =>
  process.env.SCHEMA_REGISTRY_URL || 'http://127.0.0.1:8085/apis/ccompat/v7';

const contentType = 'application/vnd.schemaregistry.v1+json';

/** The registry refused a schema (HTTP 409 for an incompatible one). */
export class RegistryError extends Error {
  constructor(message, { status, subject, body }) {
    super(message);
    this.name = 'RegistryError';
    this.status = status;
    this.subject = subject;
    this.body = body;
  }
}

async function call(registry, method, path, body, { subject, allow = [] } = {}) {
  const response = await fetch(`${registry.replace(/\/+$/, '')}${path}`, {
    method,
    headers: { 'content-type': contentType, accept: contentType },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok && !allow.includes(response.status)) {
    const reason = json?.message ?? text ?? response.statusText;
    throw new RegistryError(
      `${method} ${path}: HTTP ${response.status}${subject ? ` for subject ${subject}` : ''}: ${reason}`,
      { status: response.status, subject, body: json ?? text },
    );
  }
  return { status: response.status, json };
}

/** Waits until the registry answers (up to `timeoutMs`). */
export async function waitForRegistry(registry, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const response = await fetch(`${registry.replace(/\/+$/, '')}/subjects`, {
        headers: { accept: contentType },
        signal: AbortSignal.timeout(5_000),
      });
      if (response.ok) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new SetupError(
        `the schema registry at ${registry} did not answer within ${timeoutMs / 1000}s (${lastError?.cause?.code ?? lastError?.message}); is it running? (npm run dev starts one; or pass --registry=URL)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const subjectPath = (subject) => `/subjects/${encodeURIComponent(subject)}`;

async function setCompatibility(registry, subject, compatibility = COMPATIBILITY) {
  await call(
    registry,
    'PUT',
    `/config/${encodeURIComponent(subject)}`,
    { compatibility },
    { subject },
  );
}

/** The id of `schema` under `subject` if that subject already has it, else undefined. */
async function lookup(registry, subject, schema) {
  const { status, json } = await call(
    registry,
    'POST',
    subjectPath(subject),
    { schema: JSON.stringify(schema), schemaType: 'AVRO' },
    { subject, allow: [404] },
  );
  return status === 404 ? undefined : { id: json.id, version: json.version };
}

/**
 * Registers `schema` as the subject's next version unless the subject has it already (then its
 * id): re-registering never adds a version, so an old schema never becomes the latest again.
 */
async function register(registry, subject, schema) {
  const found = await lookup(registry, subject, schema);
  if (found) return { ...found, added: false };
  const { json } = await call(
    registry,
    'POST',
    `${subjectPath(subject)}/versions`,
    { schema: JSON.stringify(schema), schemaType: 'AVRO' },
    { subject },
  );
  return { id: json.id, added: true };
}

/**
 * For each subject under schemas/: sets BACKWARD_TRANSITIVE, then registers its released versions
 * in order. Returns `{ [subject]: [{ version, id }] }`.
 */
export async function registerSchemas({ registry = defaultRegistry(), dir } = {}) {
  await waitForRegistry(registry);
  const result = {};
  for (const subject of releasedSubjects(dir)) {
    await setCompatibility(registry, subject);
    result[subject] = [];
    for (const { version, schema } of releasedVersions(subject, dir)) {
      const { id, added } = await register(registry, subject, schema);
      result[subject].push({ version, id });
      if (added) say('schemas', `${subject}: registered v${version} (id ${id})`);
    }
  }
  return result;
}

async function deleteSubject(registry, subject) {
  await call(registry, 'DELETE', subjectPath(subject), undefined, { allow: [404] });
  await call(registry, 'DELETE', `${subjectPath(subject)}?permanent=true`, undefined, {
    allow: [404],
  });
}

/**
 * The event records of an envelope schema (the branches of `data`), each as a standalone schema:
 * `{ [recordName]: schema }`, with the named types it refers to written out where first used.
 */
export function eventRecordsOf(envelope) {
  const namespace = envelope.namespace;
  const definitions = new Map();
  const collect = (type) => {
    if (Array.isArray(type)) type.forEach(collect);
    else if (type && typeof type === 'object') {
      if (type.type === 'array') collect(type.items);
      if (type.type === 'record' || type.type === 'enum') {
        definitions.set(`${namespace}.${type.name}`, type);
        (type.fields ?? []).forEach((field) => collect(field.type));
      }
    }
  };
  collect(envelope);
  const standalone = (type, defined) => {
    if (typeof type === 'string') {
      const definition = definitions.get(type);
      if (!definition || defined.has(type)) return type;
      return standalone(definition, defined);
    }
    if (Array.isArray(type)) return type.map((branch) => standalone(branch, defined));
    if (type.type === 'array') return { ...type, items: standalone(type.items, defined) };
    if (type.type !== 'record' && type.type !== 'enum') return type;
    const fullName = `${namespace}.${type.name}`;
    if (defined.has(fullName)) return fullName;
    defined.add(fullName);
    if (type.type === 'enum') return type;
    return {
      ...type,
      fields: type.fields.map((field) => ({ ...field, type: standalone(field.type, defined) })),
    };
  };
  const data = envelope.fields.find((field) => field.name === 'data').type;
  return Object.fromEntries(
    data.map((record) => {
      const { type, name, ...rest } = standalone(record, new Set());
      return [name, { type, name, namespace, ...rest }];
    }),
  );
}

/** Registers `steps` ([what, schema]) in order on a scratch subject with `compatibility`. */
async function checkOnScratch(registry, scratch, compatibility, steps, describe) {
  try {
    await setCompatibility(registry, scratch, compatibility);
    for (const [what, schema] of steps) {
      try {
        await register(registry, scratch, schema);
      } catch (error) {
        if (error instanceof RegistryError) error.message = describe(what, error.message);
        throw error;
      }
    }
  } finally {
    await deleteSubject(registry, scratch);
  }
}

/**
 * Checks each subject, on scratch subjects it deletes afterwards:
 * 1. the envelope: its released versions in order, then `current` (default: the schemas generated
 *    from the contracts), BACKWARD_TRANSITIVE as the real subject: consumers with the new
 *    schema read every event already on the topic; new event versions may join the union;
 * 2. each event record (e.g. TodoCreatedV1) across the released versions and `current`,
 *    FULL_TRANSITIVE: the consumer's sidecar decodes with the WRITER's schema, so an app that
 *    knows a released event version must still parse it when a newer producer writes it. A
 *    released event version may only gain optional fields with defaults; anything else (remove
 *    or rename a field, make one required) is a new schemaVersion.
 * Rejects with a RegistryError (status 409 on a breaking change; `subject` is the real subject).
 */
export async function checkSchemas({ registry = defaultRegistry(), dir, current } = {}) {
  const generated = current ?? (await currentSchemas());
  await waitForRegistry(registry);
  const suffix = randomBytes(4).toString('hex');
  const subjects = [...new Set([...releasedSubjects(dir), ...Object.keys(generated)])].sort();
  const result = {};
  for (const subject of subjects) {
    const steps = releasedVersions(subject, dir).map(({ version, schema }) => [
      `released v${version}`,
      schema,
    ]);
    if (generated[subject]) steps.push(['the current schema', generated[subject]]);
    const tagged = (error) => {
      if (error instanceof RegistryError) error.subject = subject;
      return error;
    };
    await checkOnScratch(
      registry,
      `${subject}-check-${suffix}`,
      COMPATIBILITY,
      steps,
      (what, message) =>
        `${subject}: ${what} is not ${COMPATIBILITY} with the released versions: ${message}`,
    ).catch((error) => Promise.reject(tagged(error)));
    const recordSteps = new Map();
    for (const [what, schema] of steps) {
      for (const [name, record] of Object.entries(eventRecordsOf(schema))) {
        if (!recordSteps.has(name)) recordSteps.set(name, []);
        recordSteps.get(name).push([what, record]);
      }
    }
    for (const [name, recordVersions] of recordSteps) {
      await checkOnScratch(
        registry,
        `${subject}-check-${suffix}-${name}`,
        'FULL_TRANSITIVE',
        recordVersions,
        (what, message) =>
          `${subject}: event record ${name} in ${what} is not FULL_TRANSITIVE with its released form (a released event version may only gain optional fields with defaults; make a new schemaVersion instead): ${message}`,
      ).catch((error) => Promise.reject(tagged(error)));
    }
    result[subject] = {
      released: steps.length - (generated[subject] ? 1 : 0),
      records: [...recordSteps.keys()],
      ok: true,
    };
  }
  return result;
}

const usage = `usage: node scripts/schemas/schemas.mjs <register|check> [--registry=URL]

  register  set ${COMPATIBILITY} on each subject and register the released schemas/ in order
  check     register released versions then the current generated schema on scratch subjects;
            fails on a change that would break a consumer (needs npm run build)
  URL: the registry's Confluent-compatible base, default $SCHEMA_REGISTRY_URL or
       http://127.0.0.1:8085/apis/ccompat/v7`;

async function main() {
  const { values, positionals } = parseCommandLine({ registry: { type: 'string' } }, usage);
  const registry = values.registry ?? defaultRegistry();
  const [command] = positionals;
  if (command === 'register') {
    const result = await registerSchemas({ registry });
    for (const [subject, versions] of Object.entries(result)) {
      say('schemas', `${subject}: ${versions.map((v) => `v${v.version}=id ${v.id}`).join(', ')}`);
    }
  } else if (command === 'check') {
    try {
      const result = await checkSchemas({ registry });
      for (const [subject, { released }] of Object.entries(result)) {
        say(
          'schemas',
          `${subject}: ${released} released version(s) and the current one are ${COMPATIBILITY}; its event records are FULL_TRANSITIVE`,
        );
      }
    } catch (error) {
      if (error instanceof RegistryError) throw new SetupError(error.message);
      throw error;
    }
  } else {
    throw new SetupError(usage);
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runMain(main);
}
