// STAND-IN for helper B's scripts/schemas/schemas.mjs (same CLI), so the deploy wiring can be
// tested before B's is merged: take B's at merge. Reads only schemas/<subject>/v<N>.avsc.
//   node scripts/schemas/schemas.mjs register --registry=<ccompat base>
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const schemasDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');

async function call(registry, method, path, body) {
  const response = await fetch(`${registry.replace(/\/$/, '')}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function waitForRegistry(registry) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await call(registry, 'GET', '/subjects');
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no registry answers at ${registry}: ${error}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export async function registerSchemas({ registry }) {
  await waitForRegistry(registry);
  const subjects = readdirSync(schemasDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const subject of subjects) {
    await call(registry, 'PUT', `/config/${subject}`, { compatibility: 'BACKWARD_TRANSITIVE' });
    const versions = readdirSync(join(schemasDir, subject))
      .map((name) => /^v(\d+)\.avsc$/.exec(name))
      .filter(Boolean)
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    for (const [file] of versions) {
      const schema = readFileSync(join(schemasDir, subject, file), 'utf8');
      const { id } = await call(registry, 'POST', `/subjects/${subject}/versions`, { schema });
      process.stderr.write(`[schemas] ${subject} ${file}: id ${id}\n`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    options: { registry: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals[0] !== 'register' || !values.registry) {
    process.stderr.write('usage: schemas.mjs register --registry=<ccompat base>\n');
    process.exit(2);
  }
  registerSchemas({ registry: values.registry }).catch((error) => {
    process.stderr.write(`✖ ${error.message}\n`);
    process.exit(1);
  });
}
