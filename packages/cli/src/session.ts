import { createTodoClient, type TodoClient } from '@todo-dapr/client';
import type { Command } from 'commander';
import { configDir } from './config-dir.js';
import type { Context } from './context.js';
import { tokenFile } from './token-file.js';
import { UsageError } from './usage-error.js';

export const DEFAULT_API = 'http://127.0.0.1:8080';

/** What every command works with: the client for --api, where its tokens are, and --json. */
export interface Session {
  client: TodoClient;
  origin: string;
  tokenPath: string;
  json: boolean;
  /** A line for people: printed unless --json. */
  say: (line: string) => void;
  /** The result for scripts: printed as JSON with --json. */
  print: (value: unknown) => void;
}

export function sessionOf(command: Command, ctx: Context): Session {
  const options = command.optsWithGlobals<{ api?: string; json?: boolean }>();
  const api = options.api ?? ctx.env.TODO_API ?? DEFAULT_API;
  let origin: string;
  try {
    const url = new URL(api);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
    origin = url.origin;
  } catch {
    throw new UsageError(`--api (or TODO_API) must be an http(s) origin, not "${api}".`);
  }
  const tokens = tokenFile(configDir(ctx.env), origin);
  const json = options.json ?? false;
  return {
    client: createTodoClient({ origin, tokens }),
    origin,
    tokenPath: tokens.path,
    json,
    say: (line) => {
      if (!json) ctx.stdout(`${line}\n`);
    },
    print: (value) => {
      if (json) ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}
