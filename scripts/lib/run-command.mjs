import { execa } from 'execa';

/**
 * Runs a command to its end and collects stdout and stderr as one text (`output`), and
 * stdout alone. Rejects only when it cannot start (error.code 'ENOENT' when missing);
 * otherwise resolves with its exit code, or the signal that ended it (the timeout kills it
 * with SIGKILL; `timeoutMs: 0` waits for ever). `onLine` sees every line.
 */
export async function runCommand(
  command,
  args,
  { cwd, env, input = '', timeoutMs = 60_000, onLine } = {},
) {
  const seeLine = function* (line) {
    onLine(line);
    yield line;
  };
  const result = await execa(command, args, {
    cwd,
    env, // on top of ours
    input,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    all: true,
    reject: false,
    stripFinalNewline: false,
    ...(onLine && { stdout: seeLine, stderr: seeLine }),
  });
  const code = result.exitCode ?? result.signal;
  if (code === undefined) throw result; // it never ran: execa's error, with the spawn's code
  return { code, output: result.all, stdout: result.stdout };
}
