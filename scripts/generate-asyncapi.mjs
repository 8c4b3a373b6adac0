// Writes packages/contracts/asyncapi.json from the zod schemas (after `npm run build`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';

const { buildAsyncApi } = await import(join(repoRoot, 'packages', 'contracts', 'dist', 'index.js'));
writeFileSync(
  join(repoRoot, 'packages', 'contracts', 'asyncapi.json'),
  `${JSON.stringify(buildAsyncApi(), null, 2)}\n`,
);
