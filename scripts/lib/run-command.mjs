import { spawn } from 'node:child_process';

/**
 * Runs a command to its end and collects stdout and stderr as one text (`output`), and
 * stdout alone. Rejects only when it cannot start (error.code 'ENOENT' when missing);
 * otherwise resolves with its exit code, or the signal that ended it (the timeout and
 * `signal` kill it with SIGKILL; `timeoutMs: 0` waits for ever). `onLine` sees every line.
 */
export function runCommand(
  command,
  args,
  { cwd, env, input = '', timeoutMs = 60_000, onLine, signal } = {},
) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: env && { ...process.env, ...env },
      signal,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let output = '';
    let stdout = '';
    const partialLines = { stdout: '', stderr: '' };
    const collect = (stream) => (text) => {
      output += text;
      if (stream === 'stdout') stdout += text;
      if (!onLine) return;
      const lines = (partialLines[stream] + text).split('\n');
      partialLines[stream] = lines.pop();
      lines.forEach(onLine);
    };
    child.stdout.setEncoding('utf8').on('data', collect('stdout'));
    child.stderr.setEncoding('utf8').on('data', collect('stderr'));
    child.on('error', (error) => {
      // An abort kills the child on purpose; 'close' still reports how it ended.
      if (error.name !== 'AbortError') reject(error);
    });
    child.on('close', (code, exitSignal) => {
      for (const rest of Object.values(partialLines)) if (rest && onLine) onLine(rest);
      resolve({ code: code ?? exitSignal, output, stdout });
    });
    child.stdin.on('error', () => {}); // it may exit without reading its input
    child.stdin.end(input);
  });
}
