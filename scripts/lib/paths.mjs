import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Downloads and builds live outside the clone, so fresh clones and CI reuse them. */
export const cacheDir =
  process.env.TODO_DAPR_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'todo-dapr');

/** Where `dapr init` keeps the runtime; the CLI looks for daprd here. */
export const daprBinDir = join(process.env.DAPR_HOME ?? join(homedir(), '.dapr'), 'bin');
