// The system every benchmark measures: ports of dapr.yaml + 2000 (Kafka on 29092), a fresh
// run folder under .data/bench, and the settings a load from one client needs.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths.mjs';
import { ONE_CLIENT_LIMITS, startSystem } from '../lib/system.mjs';

// One client address sends all the load; the growth run goes past the default limit.
const benchEnv = {
  ...ONE_CLIENT_LIMITS,
  LOG_LEVEL: 'warn',
  BENCH_NOOP_ROUTE: 'true',
  MAX_TODOS_PER_USER: '20000',
  // The run outlasts a 15-minute access token.
  ACCESS_TOKEN_TTL_SECONDS: '7200',
};

/** Starts the bench system in .data/bench/<folder> on `pubsub` (default Kafka). */
export async function startBenchSystem({ folder = '.', pubsub = 'kafka' } = {}) {
  const runDir = join(repoRoot, '.data', 'bench', folder);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  // The broker keeps its fast-start JIT (C1 only): with C2, compiling took 15-20 % of a core
  // for over a minute of load on 2 cores, more than the code it made saved (measured).
  return {
    runDir,
    system: await startSystem({
      runDir,
      portOffset: 2000,
      kafkaPort: 29092,
      pubsub,
      appEnv: benchEnv,
    }),
  };
}
