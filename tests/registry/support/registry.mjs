// Starts an in-memory Apicurio Registry for the registry tests and stops it.
// TODO(merge): replace with scripts/registry/registry.mjs's startRegistry({ port, dataDir }).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const java = '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java';
const app = '/tmp/spike/app/quarkus-run.jar';

/** `{ url /* ccompat base *\/, stop() }` once the registry answers. */
export async function startTestRegistry({ port }) {
  for (const file of [java, app]) {
    if (!existsSync(file)) throw new Error(`${file} is missing`);
  }
  const child = spawn(
    java,
    [
      '-Xmx384m',
      '-Dquarkus.http.host=127.0.0.1',
      `-Dquarkus.http.port=${port}`,
      '-Dquarkus.management.host=127.0.0.1',
      `-Dquarkus.management.port=${port + 1}`,
      '-jar',
      app,
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the registry exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/subjects`)).ok) return { url, stop };
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the registry did not answer at ${url} within 120 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
