import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runningSystem } from './support/system';
import { adminToken, newUserSession } from './support/users';

const system = runningSystem();
const CONFIG = join(__dirname, 'support', 'schemathesis.toml');
/** One service's run takes a minute or two; past this it is killed and fails. */
const RUN_LIMIT_MS = 10 * 60_000;

/** `st run` against a service's own /openapi.json: its exit code and its report. */
function fuzz(url: string, token: string, reportDir: string) {
  // prettier-ignore
  const args = [
    '--config-file', CONFIG, '--no-color',
    'run', `${url}/openapi.json`,
    '--checks', 'all',
    '--max-examples', '200',
    // Derandomized: the same cases on every run (schemathesis then uses no seed at all).
    '--generation-deterministic',
    // One request at a time, so the stateful phase runs in the same order too.
    '--workers', '1',
    '--request-timeout', '10',
    '--header', `Authorization: Bearer ${token}`,
    '--report', 'junit', '--report-dir', reportDir,
  ];
  return new Promise<{ code: number | string; report: string }>((resolve, reject) => {
    const child = spawn(system.schemathesis, args, {
      timeout: RUN_LIMIT_MS,
      killSignal: 'SIGKILL',
    });
    let report = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (report += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (report += text));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? signal ?? 'killed', report }));
  });
}

const tokenOf = async (who: 'user' | 'operator') =>
  who === 'operator' ? adminToken() : (await newUserSession()).token;

describe('each OpenAPI document, fuzzed by schemathesis (every check, 200 examples per operation)', () => {
  // Only subscriber's /admin routes tell the two apart; the rest must hold for both alike.
  it.each(
    (['auth', 'todo-api', 'subscriber'] as const).flatMap((appId) =>
      (['user', 'operator'] as const).map((who) => [appId, who] as const),
    ),
  )(
    '%s with a %s token: no 5xx, and every answer as its document says',
    async (appId, who) => {
      const token = await tokenOf(who);
      const reportDir = join(system.runDir, 'schemathesis', `${appId}-${who}`);

      const { code, report } = await fuzz(system.apps[appId].url, token, reportDir);
      mkdirSync(reportDir, { recursive: true });
      writeFileSync(join(reportDir, 'report.txt'), report);

      if (code !== 0) {
        throw new Error(`st exited with ${code} (JUnit report in ${reportDir}):\n${report}`);
      }
    },
    RUN_LIMIT_MS + 60_000,
  );
});
