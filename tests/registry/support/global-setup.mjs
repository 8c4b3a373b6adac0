// Starts a schema registry for the registry tests, on the port offset the e2e tests use
// (+10100), so a running `npm run dev` (8085) is untouched.
import { startTestRegistry } from './registry.mjs';

export default async function globalSetup() {
  const registry = await startTestRegistry({ port: 18185 });
  globalThis.schemaRegistry = registry;
  process.env.TEST_SCHEMA_REGISTRY_URL = registry.url;
}
