// `npm run bench`: starts the whole system (ports of dapr.yaml + 2000, data in .data/bench),
// measures, and writes BENCHMARKS.md with the machine, the command and the numbers.
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMain, say } from '../lib/console.mjs';
import { repoRoot } from '../lib/paths.mjs';
import { startSystem } from '../lib/system.mjs';
import { loginLatency } from './login-latency.mjs';
import { ms } from './measure.mjs';

function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim();
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, commit ${commit}`;
}

const row = (name, r) =>
  `| ${name} | ${r.requests} | ${r.failures} | ${r.perSecond.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p99)} |`;

runMain(async () => {
  const runDir = join(repoRoot, '.data', 'bench');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  // One client address sends all the load: lift the per-address login throttle.
  const system = await startSystem({
    runDir,
    portOffset: 2000,
    kafkaPort: 29092,
    appEnv: { LOGIN_ATTEMPTS_PER_CLIENT: '1000000', LOG_LEVEL: 'warn' },
  });
  try {
    const auth = system.apps.find((app) => app.appId === 'auth');
    say('bench', 'login latency…');
    const login = await loginLatency(auth.url);
    const report = [
      '# Benchmarks',
      '',
      `Machine: ${machine()}. Command: \`npm run bench\` (${new Date().toISOString()}).`,
      'Everything runs on this one machine: Kafka, three sidecars, three services and the load.',
      '',
      '## Login (POST /auth/login through auth and its sidecar, scrypt N=2^14 r=8 p=5 included)',
      '',
      '| run | requests | failed | per second | p50 | p99 |',
      '|---|---|---|---|---|---|',
      row('1 at a time', login.sequential),
      row('8 in parallel', login.concurrent),
      '',
    ].join('\n');
    writeFileSync(join(repoRoot, 'BENCHMARKS.md'), report);
    process.stdout.write(`${report}\n`);
  } finally {
    await system.stop();
  }
});
