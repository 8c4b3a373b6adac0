// Runs on another store or broker, or without the schema registry, get a copy of components/
// with files swapped for their alternatives (components/alternatives/) or edited, so the clone
// itself is never edited.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SetupError } from './console.mjs';
import { repoRoot } from './paths.mjs';

export const componentsDir = join(repoRoot, 'components');
const sharedDir = join(componentsDir, 'shared');

/**
 * A resources file's text with `valueSchemaType` taken out of each Subscription's metadata
 * (and the metadata, when nothing else is left in it): without a registry the sidecars must
 * not expect Avro. Any other file comes back as it was.
 */
export function withoutValueSchemaType(text) {
  const documents = parseAllDocuments(text);
  let changed = false;
  for (const document of documents) {
    if (document.get('kind') !== 'Subscription') continue;
    if (!document.hasIn(['spec', 'metadata', 'valueSchemaType'])) continue;
    document.deleteIn(['spec', 'metadata', 'valueSchemaType']);
    if (document.getIn(['spec', 'metadata']).items.length === 0) {
      document.deleteIn(['spec', 'metadata']);
    }
    changed = true;
  }
  return changed ? documents.map((document) => document.toString({ lineWidth: 0 })).join('') : text;
}

/**
 * Copies components/*.yaml into `dir`, each file named in `swaps` (e.g. `{ 'pubsub.yaml':
 * 'pubsub.redis.yaml' }`) replaced by that file of components/alternatives/. With
 * `withoutSchemas`, `dir/shared` also holds components/shared with no Subscription asking for
 * Avro (withoutValueSchemaType). Returns `dir`.
 */
export function componentsWith(swaps, dir, { withoutSchemas = false } = {}) {
  for (const alternative of Object.values(swaps)) {
    if (!existsSync(join(componentsDir, 'alternatives', alternative))) {
      throw new SetupError(`components/alternatives/${alternative} is missing.`);
    }
  }
  // Fresh each time: a file left from an older copy would still be loaded by daprd.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of yamlFiles(componentsDir)) {
    if (!Object.hasOwn(swaps, file)) copyFileSync(join(componentsDir, file), join(dir, file));
  }
  for (const [file, alternative] of Object.entries(swaps)) {
    copyFileSync(join(componentsDir, 'alternatives', alternative), join(dir, file));
  }
  if (withoutSchemas) {
    mkdirSync(join(dir, 'shared'));
    for (const file of yamlFiles(sharedDir)) {
      const text = readFileSync(join(sharedDir, file), 'utf8');
      writeFileSync(join(dir, 'shared', file), withoutValueSchemaType(text));
    }
  }
  return dir;
}

const yamlFiles = (folder) => readdirSync(folder).filter((file) => file.endsWith('.yaml'));

/** An app's resources paths with components/ (and components/shared/, if copied) in `dir`. */
export const withComponentsDir = (resourcesPaths, dir) =>
  resourcesPaths.map((path) => {
    if (path === componentsDir) return dir;
    if (path === sharedDir && existsSync(join(dir, 'shared'))) return join(dir, 'shared');
    return path;
  });
