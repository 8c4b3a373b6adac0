// `npm run dev` (scripts/dev.mjs) started by a test as a developer would, on its own ports
// and in its own run folder, and stopped with Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { processTree } from './sockets';
import { eventually } from './system';

const repo = join(__dirname, '..', '..', '..');

/** Alive and not a zombie: a child that exited after its parent may wait for a reaper that never comes. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Whether something accepts connections on 127.0.0.1:port. */
export const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(!socket.destroy()));
    socket.once('error', () => resolve(false));
  });

export interface DevRun {
  process: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  /** Resolves with its exit code. */
  exited: Promise<number | null>;
  /** Ctrl-C, after a failure: then whatever of it is left is killed. Prints its log lines. */
  cleanUp: (graceMs: number) => Promise<void>;
}

/** Starts `npm run dev` in `runDir` on ports + `offset` and waits until it says it is ready. */
export async function startDev({
  runDir,
  offset,
  env = {},
  readyTimeoutMs,
}: {
  runDir: string;
  offset: number;
  env?: Record<string, string>;
  readyTimeoutMs: number;
}): Promise<DevRun> {
  rmSync(runDir, { recursive: true, force: true });
  const dev = spawn(process.execPath, ['scripts/dev.mjs'], {
    cwd: repo,
    env: { ...process.env, ...env, DEV_RUN_DIR: runDir, DEV_PORT_OFFSET: String(offset) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => dev.once('exit', resolve));
  const cleanUp = async (graceMs: number) => {
    if (dev.exitCode === null) {
      const tree = processTree(dev.pid ?? 0);
      dev.kill('SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
      for (const pid of tree) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    }
    const logLines = output.split('\n').filter((line) => line.startsWith('['));
    process.stdout.write(`${logLines.join('\n')}\n`);
  };
  const run = { process: dev, output: () => output, exited, cleanUp };
  try {
    await eventually(
      'npm run dev to be ready',
      () => {
        if (dev.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
        return Promise.resolve(output.includes('Ctrl-C stops everything.') || undefined);
      },
      readyTimeoutMs,
    );
  } catch (error) {
    await cleanUp(30_000);
    throw error;
  }
  return run;
}
