// A throwaway Kubernetes API server on loopback: etcd and kube-apiserver only, on free ports
// below the ephemeral range, with everything (data, keys, certs, logs) in `dir`.
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError } from '../lib/console.mjs';
import { isPortFree } from '../lib/ports.mjs';
import { spawnLogged, stopProcess, waitFor } from '../lib/processes.mjs';
import { runCommand } from '../lib/run-command.mjs';
import { writeServiceAccountKeys } from './pki.mjs';

const HOST = '127.0.0.1';

/** The first free port from `from` up, below 32768 where no outgoing connection takes it. */
async function freePort(from) {
  for (let port = from; port < 32768; port += 1) {
    if (await isPortFree(port)) return port;
  }
  throw new SetupError(`no free port from ${from} up to 32767`);
}

// A static token of a cluster admin (system:masters) is all the auth a local check needs.
function writeKubeconfig(kubeconfig, dir, port) {
  const token = randomBytes(24).toString('hex');
  writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin,"system:masters"\n`, {
    mode: 0o600,
  });
  // The API server writes its self-signed serving cert, with its CA, to certs/apiserver.crt.
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
  - name: local
    cluster:
      server: https://${HOST}:${port}
      certificate-authority: ${join(dir, 'certs', 'apiserver.crt')}
users:
  - name: admin
    user:
      token: ${token}
contexts:
  - name: local
    context: { cluster: local, user: admin }
current-context: local
`,
    { mode: 0o600 },
  );
}

const tail = (file) => readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');

/**
 * etcd and kube-apiserver in `dir`: `start()` resolves once /readyz answers; `stop()` ends
 * whatever runs, at any point, and no process starts after it.
 */
export function localApiServer({ etcd, apiServer, kubectl: kubectlPath, dir }) {
  const kubeconfig = join(dir, 'kubeconfig');
  const children = [];
  let stopped = false;
  const stop = async () => {
    stopped = true;
    for (const { child } of children.reverse()) await stopProcess(child);
  };
  const run = (binary, args, name) => {
    if (stopped) throw new SetupError('stopped while starting');
    const logFile = join(dir, `${name}.log`);
    const child = spawnLogged(binary, args, { logFile, env: process.env });
    children.push({ name, child, logFile });
    return logFile;
  };
  const exited = () =>
    children.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
  const kubectl = (args, options = {}) =>
    runCommand(
      kubectlPath,
      [`--kubeconfig=${kubeconfig}`, `--cache-dir=${join(dir, 'kube-cache')}`, ...args],
      { timeoutMs: 120_000, ...options },
    );

  async function start() {
    // A random start in a band no other listener of the project uses: two runs at once (CI
    // and a developer) would otherwise both find the same ports free before either binds.
    const etcdPort = await freePort(22_000 + randomInt(2000));
    const peerPort = await freePort(etcdPort + 1);
    const apiPort = await freePort(peerPort + 1);
    // No pod runs here, but the API server will not start without a key to sign tokens.
    writeServiceAccountKeys(dir);
    writeKubeconfig(kubeconfig, dir, apiPort);
    const peerUrl = `http://${HOST}:${peerPort}`;
    const etcdUrl = `http://${HOST}:${etcdPort}`;
    run(
      etcd,
      [
        '--name=validate',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=validate=${peerUrl}`,
        // Throwaway data: no fsync keeps it fast on a busy disk.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      'etcd',
    );
    const serverLog = run(
      apiServer,
      [
        `--etcd-servers=${etcdUrl}`,
        `--bind-address=${HOST}`,
        `--advertise-address=${HOST}`,
        `--secure-port=${apiPort}`,
        `--cert-dir=${join(dir, 'certs')}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        // The local cluster's Service range: kube-dns has the fixed address 10.96.0.10.
        '--service-cluster-ip-range=10.96.0.0/12',
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        // No node, so nothing to reconcile the `kubernetes` Service's endpoints to.
        '--endpoint-reconciler-type=none',
        '--profiling=false',
      ],
      'kube-apiserver',
    );
    await waitFor(
      async () => {
        const gone = exited();
        if (gone) throw new SetupError(`${gone.name} exited early:\n${tail(gone.logFile)}`);
        return (await kubectl(['get', '--raw=/readyz'], { timeoutMs: 5000 })).code === 0;
      },
      {
        timeoutMs: 90_000,
        intervalMs: 500,
        describe: () => `kube-apiserver not ready:\n${tail(serverLog)}`,
      },
    );
  }

  return { kubeconfig, kubectl, start, stop };
}
