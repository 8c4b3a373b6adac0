import { spawn } from 'node:child_process';

/**
 * Runs a command to its end and collects stdout and stderr as one text. Rejects only when it
 * cannot start (error.code 'ENOENT' when missing); otherwise resolves with its exit code, or
 * the signal that ended it (the timeout and `signal` kill it with SIGKILL).
 */
export function runCommand(
  command,
  args,
  { cwd, input = '', timeoutMs = 60_000, onLine, signal } = {},
) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, signal, timeout: timeoutMs, killSignal: 'SIGKILL' });
    let output = '';
    let partialLine = '';
    const collect = (text) => {
      output += text;
      if (!onLine) return;
      const lines = (partialLine + text).split('\n');
      partialLine = lines.pop();
      lines.forEach(onLine);
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    child.on('error', (error) => {
      // An abort kills the child on purpose; 'close' still reports how it ended.
      if (error.name !== 'AbortError') reject(error);
    });
    child.on('close', (code, exitSignal) => resolve({ code: code ?? exitSignal, output }));
    child.stdin.on('error', () => {}); // it may exit without reading its input
    child.stdin.end(input);
  });
}
