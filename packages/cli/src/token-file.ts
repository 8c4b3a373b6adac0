import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tokens, TokenStore } from '@todo-dapr/client';

type Sessions = Record<string, Tokens>;

/**
 * Sessions in `<dir>/tokens.json`, one per API origin, readable by the user alone (0600 in a
 * 0700 directory). Read again at each get(), so a refresh by another `todo` process is seen.
 */
export function tokenFile(dir: string, origin: string): TokenStore & { path: string } {
  const path = join(dir, 'tokens.json');

  const read = (): Sessions => {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Sessions;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return {};
      throw error;
    }
  };

  const write = (sessions: Sessions) => {
    if (Object.keys(sessions).length === 0) {
      rmSync(path, { force: true });
      return;
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A new file then a rename: never a half-written file, and never a moment with looser modes.
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(sessions, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  };

  return {
    path,
    get: () => read()[origin],
    set: (tokens) => {
      const others = Object.entries(read()).filter(([key]) => key !== origin);
      write(Object.fromEntries(tokens ? [...others, [origin, tokens]] : others));
    },
  };
}
