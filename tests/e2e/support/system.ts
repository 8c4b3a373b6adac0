import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface RunningApp {
  url: string;
  sidecarUrl: string;
  logs: { app: string; daprd: string };
  appPid: number;
  daprdPid: number;
  start: { command: string[]; cwd: string; env: Record<string, string> };
  /** How much the sidecar had logged when global-setup finished (after a short idle). */
  startupLogBytes: number;
}

export interface RunningSystem {
  runDir: string;
  brokers: string;
  /** The `st` command of the pinned schemathesis (scripts/schemathesis). */
  schemathesis: string;
  appApiToken: string;
  /** The development SMTP server: mail lands in `<dir>/messages`. */
  mail: { port: number; dir: string };
  /** todo-api on other state stores, by store. */
  storeVariants: Record<'postgresql' | 'redis', { url: string; sidecarUrl: string }>;
  apps: Record<'auth' | 'todo-api' | 'subscriber', RunningApp>;
}

/** What global-setup started: addresses, pids and log files of every app and sidecar. */
export function runningSystem(): RunningSystem {
  const file = join(__dirname, '..', '..', '..', '.data', 'e2e', 'system.json');
  return JSON.parse(readFileSync(file, 'utf8')) as RunningSystem;
}

/** Polls `probe` until it returns a value, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
