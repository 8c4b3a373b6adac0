#!/usr/bin/env node
// npm run schemas:generate: for each subject, writes schemas/<subject>/v<N+1>.avsc when the
// schema generated from the zod contracts differs from the newest released v<N>.avsc (v1 when
// there is none). A released file is never rewritten: it is what the registry has.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runMain, say } from '../lib/console.mjs';
import { repoRoot } from '../lib/paths.mjs';
import {
  currentSchemas,
  releasedVersions,
  sameSchema,
  schemaFileText,
  schemasDir,
} from './released.mjs';

runMain(async () => {
  for (const [subject, schema] of Object.entries(await currentSchemas())) {
    const released = releasedVersions(subject);
    const newest = released.at(-1);
    if (newest && sameSchema(newest.schema, schema)) {
      say('schemas', `${subject}: unchanged (v${newest.version})`);
      continue;
    }
    const version = (newest?.version ?? 0) + 1;
    const file = join(schemasDir, subject, `v${version}.avsc`);
    mkdirSync(join(schemasDir, subject), { recursive: true });
    writeFileSync(file, schemaFileText(schema), { flag: 'wx' });
    say('schemas', `${subject}: released v${version} as ${relative(repoRoot, file)}`);
  }
});
