// Starts a schema registry for the registry tests (scripts/registry: provisioned and cached like
// Kafka), on 18185, so a running `npm run dev` (8085) and the e2e tests (9085) are untouched.
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/lib/paths.mjs';
import { startRegistry } from '../../../scripts/registry/registry.mjs';

export default async function globalSetup() {
  const registry = await startRegistry({
    port: 18185,
    dataDir: join(repoRoot, '.data', 'registry-tests'),
  });
  globalThis.schemaRegistry = registry;
  process.env.TEST_SCHEMA_REGISTRY_URL = registry.url;
}
