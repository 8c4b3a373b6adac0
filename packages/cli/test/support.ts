import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../src/context.js';
import { run } from '../src/run.js';

/** Runs `todo <argv>` in this process, with its own config directory, capturing its output. */
export function inProcess(env: Record<string, string> = {}) {
  const configHome = mkdtempSync(join(tmpdir(), 'todo-cli-'));
  return {
    configHome,
    run: async (argv: string[], options: { stdin?: string; tty?: boolean } = {}) => {
      let stdout = '';
      let stderr = '';
      const ctx: Context = {
        env: { XDG_CONFIG_HOME: configHome, ...env },
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        stdoutIsTty: options.tty ?? false,
        stdinIsTty: options.tty ?? false,
        readStdin: () => Promise.resolve(options.stdin ?? ''),
        promptHidden: () => Promise.resolve(options.stdin ?? ''),
        onStop: () => undefined,
      };
      const code = await run(argv, ctx);
      return { code, stdout, stderr };
    },
  };
}
