// Dapr's certificate authority for local runs, on 127.0.0.1. It creates its root and issuer
// certificates in `dir` on first start; sidecars trust the root (DAPR_TRUST_ANCHORS), get a
// workload certificate for their app id, and call each other over mTLS.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpStatus, spawnLogged, stopProcess, waitFor } from '../lib/processes.mjs';

const configFile = fileURLToPath(new URL('../../components/shared/sentry.yaml', import.meta.url));

const CREDENTIALS = ['ca.crt', 'issuer.crt', 'issuer.key'];

/**
 * Starts sentry; on a fresh `dir` it starts it twice. Sentry writes its credentials on the first
 * start, its own file watcher then queues one event per file written, and it restarts its CA
 * server for each, 2 s apart: a sidecar asking for its certificate in those 6 s is refused and
 * exits (`failed to retrieve the initial identity`). The second start writes nothing.
 */
export async function startSentry(options) {
  const credentials = join(options.dir, 'credentials');
  const written = () => CREDENTIALS.every((name) => existsSync(join(credentials, name)));
  if (!written()) {
    const first = await startSentryOnce(options);
    await waitFor(async () => written(), {
      timeoutMs: 30_000,
      describe: () => `sentry wrote no credentials in ${credentials}`,
    }).finally(first.stop);
  }
  return startSentryOnce(options);
}

async function startSentryOnce({ sentry, dir, logFile, port, healthzPort }) {
  const credentials = join(dir, 'credentials');
  mkdirSync(credentials, { recursive: true });
  const child = spawnLogged(
    sentry,
    [
      ['--issuer-credentials', credentials],
      ['--config', configFile],
      ['--trust-domain', 'localhost'],
      ['--port', port],
      ['--listen-address', '127.0.0.1'],
      ['--healthz-port', healthzPort],
      ['--healthz-listen-address', '127.0.0.1'],
      ['--enable-metrics=false'],
      ['--log-level', 'warn'],
    ]
      .flat()
      .map(String),
    { cwd: dir, env: process.env, logFile },
  );
  const stop = () => stopProcess(child);
  const rootCert = join(credentials, 'ca.crt');
  try {
    await waitFor(
      async () =>
        child.exitCode === null &&
        existsSync(rootCert) &&
        (await httpStatus(`http://127.0.0.1:${healthzPort}/healthz`)) === 200,
      {
        timeoutMs: 30_000,
        describe: () => `sentry did not become healthy; see ${logFile}`,
      },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    process: child,
    address: `127.0.0.1:${port}`,
    trustAnchors: readFileSync(rootCert, 'utf8'),
    stop,
  };
}
