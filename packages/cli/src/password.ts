import type { Context } from './context.js';
import { UsageError } from './usage-error.js';

/** --password-stdin reads it from stdin (one line, its newline dropped); else a terminal prompt. */
export async function readPassword(
  ctx: Context,
  options: { passwordStdin?: boolean; confirm?: boolean },
): Promise<string> {
  if (options.passwordStdin) {
    const password = (await ctx.readStdin()).replace(/\r?\n$/, '');
    if (!password) throw new UsageError('--password-stdin read no password.');
    return password;
  }
  if (!ctx.stdinIsTty) {
    throw new UsageError('stdin is not a terminal: pipe the password in with --password-stdin.');
  }
  const password = await ctx.promptHidden('Password: ');
  if (options.confirm && (await ctx.promptHidden('Repeat password: ')) !== password) {
    throw new UsageError('The passwords differ.');
  }
  return password;
}

/** Reads a line from a terminal in raw mode, echoing nothing; Ctrl-C or Ctrl-D gives up. */
export function promptHiddenOnTty(prompt: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    function onData(text: string) {
      for (const char of text) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(typed);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          reject(new UsageError('No password given.'));
          return;
        }
        typed =
          char === '\u007f' || char === '\b'
            ? Array.from(typed).slice(0, -1).join('')
            : typed + char;
      }
    }
    stdin.on('data', onData);
  });
}
