// What k8s:up installs on the bare cluster: the in-cluster backends (deploy/k8s/local), Dapr's
// control plane from its own chart, the Secrets a user would create, and an overlay of the app.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { repoRoot } from '../lib/paths.mjs';
import { waitFor } from '../lib/processes.mjs';
import { runCommand } from '../lib/run-command.mjs';
import { DAPR_RUNTIME_VERSION } from '../dapr/dapr.mjs';
import { adminKubeconfig, assertAllRunning, kubectl, kubectlOrFail } from './cluster.mjs';

export const APP_NAMESPACE = 'todo-dapr';
const DAPR_NAMESPACE = 'dapr-system';
const localDir = join(repoRoot, 'deploy', 'k8s', 'local');
const daprValues = join(repoRoot, 'deploy', 'k8s', 'dapr-values.local.yaml');

/** The pods of `namespaces` that are not Ready (a Job's pod: Succeeded), each with why. */
async function podsNotReady(namespaces) {
  const { code, stdout } = await kubectl(['get', 'pods', '-A', '-o', 'json'], {
    timeoutMs: 20_000,
  });
  if (code !== 0) return undefined;
  const pods = JSON.parse(stdout).items.filter((pod) =>
    namespaces.includes(pod.metadata.namespace),
  );
  const notReady = pods
    .filter((pod) => pod.status.phase !== 'Succeeded')
    .filter((pod) => !pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((pod) => {
      const reasons = [
        ...(pod.status.containerStatuses ?? []).map(
          (c) => c.state?.waiting?.reason ?? c.state?.terminated?.reason,
        ),
        pod.status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')
          ?.message,
      ].filter(Boolean);
      return `${pod.metadata.namespace}/${pod.metadata.name} (${pod.status.phase}${reasons.length ? `: ${reasons.join(', ')}` : ''})`;
    });
  return { pods: pods.length, notReady };
}

/** What a timeout message needs: the pods that are not Ready, and the node's taints. */
async function diagnosis(namespaces) {
  const state = await podsNotReady(namespaces);
  const { stdout: taints } = await kubectl([
    'get',
    'nodes',
    '-o',
    'jsonpath={.items[*].spec.taints[*].key}',
  ]);
  return [
    `pods not Ready: ${state?.notReady.join('; ') || 'none'}`,
    ...(taints.trim() ? [`node taints: ${taints.trim()}`] : []),
  ].join('\n');
}

/** Waits until every pod of the namespaces is Ready. */
export async function waitForPods(namespaces, { timeoutMs = 300_000 } = {}) {
  await waitFor(
    async () => {
      assertAllRunning();
      const state = await podsNotReady(namespaces);
      return state !== undefined && state.pods > 0 && state.notReady.length === 0;
    },
    { timeoutMs, intervalMs: 1000, describe: () => diagnosis(namespaces) },
  );
}

/** CoreDNS, the ingress controller, Kafka, PostgreSQL and Mailpit. */
export async function installBackends({ postgresPassword }) {
  await kubectlOrFail(['apply', '--server-side', '-k', localDir]);
  await kubectlOrFail([
    'create',
    'secret',
    'generic',
    'postgres-credentials',
    '-n',
    'postgres',
    '--from-literal=username=todo',
    `--from-literal=password=${postgresPassword}`,
  ]);
}

const helm = (helmPath, args) =>
  runCommand(helmPath, [`--kubeconfig=${adminKubeconfig}`, ...args], { timeoutMs: 300_000 });

/**
 * Dapr's chart with images built here. Sentry fills the trust bundle only after the injector and
 * the operator mounted it, and the kubelet refreshes such a mount about once a minute: waiting
 * for the bundle and restarting both is far quicker than waiting for the refresh.
 */
export async function installDapr({ helm: helmPath, chart }) {
  const started = Date.now();
  const installed = await helm(helmPath, [
    'install',
    'dapr',
    chart,
    '--namespace',
    DAPR_NAMESPACE,
    '--create-namespace',
    '--values',
    daprValues,
    '--set',
    `global.tag=${DAPR_RUNTIME_VERSION}`,
  ]);
  if (installed.code !== 0) throw new SetupError(`helm install dapr failed:\n${installed.output}`);
  await waitFor(
    async () => {
      assertAllRunning();
      const { stdout } = await kubectl([
        'get',
        'configmap',
        'dapr-trust-bundle',
        '-n',
        DAPR_NAMESPACE,
        '-o',
        'jsonpath={.data.ca\\.crt}',
      ]);
      return stdout.includes('BEGIN CERTIFICATE');
    },
    {
      timeoutMs: 180_000,
      intervalMs: 1000,
      describe: async () => `Sentry wrote no trust bundle\n${await diagnosis([DAPR_NAMESPACE])}`,
    },
  );
  await kubectlOrFail([
    'rollout',
    'restart',
    '-n',
    DAPR_NAMESPACE,
    'deployment/dapr-sidecar-injector',
    'deployment/dapr-operator',
  ]);
  for (const name of ['dapr-sentry', 'dapr-sidecar-injector', 'dapr-operator']) {
    await kubectlOrFail([
      'rollout',
      'status',
      '-n',
      DAPR_NAMESPACE,
      `deployment/${name}`,
      '--timeout=180s',
    ]);
  }
  say('k8s', `Dapr ${DAPR_RUNTIME_VERSION} control plane ready (${seconds(started)})`);
}

const secret = (name, literals) => [
  'create',
  'secret',
  'generic',
  name,
  '-n',
  APP_NAMESPACE,
  ...Object.entries(literals).map(([key, value]) => `--from-literal=${key}=${value}`),
];

const ecKey = () =>
  generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;

/** The Secrets deploy/README.md tells a user to create, with fresh random values. */
export async function createAppSecrets({ postgresPassword }) {
  await kubectl(['create', 'namespace', APP_NAMESPACE]);
  const hex = () => randomBytes(32).toString('hex');
  const secrets = [
    secret('dapr-api-token', { token: hex() }),
    secret('app-api-token', { token: hex() }),
    secret('postgres', {
      connectionString: `host=postgres.postgres.svc port=5432 user=todo password=${postgresPassword} database=todo_dapr sslmode=disable`,
    }),
    // Mailpit takes mail without a login: Go's SMTP client sends no password over plaintext.
    secret('smtp', { user: '', password: '' }),
    secret('jwt-current-key', { 'jwt-current-key': ecKey() }),
    secret('jwt-previous-key', { 'jwt-previous-key': ecKey() }),
    secret('event-encryption-key', { 'event-encryption-key': randomBytes(32).toString('base64') }),
  ];
  for (const args of secrets) await kubectlOrFail(args);
}

/** The app's overlay; returns once each service pod runs with its injected daprd. */
export async function applyApp(overlay) {
  await kubectlOrFail(['apply', '-k', join(repoRoot, 'deploy', 'k8s', 'overlays', overlay)]);
}

/** The containers of each service pod: the webhook fails open, so a pod without daprd is an error. */
export async function assertSidecarsInjected() {
  const { stdout } = await kubectlOrFail([
    'get',
    'pods',
    '-n',
    APP_NAMESPACE,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}{" "}{.spec.containers[*].name}{"\\n"}{end}',
  ]);
  const missing = stdout
    .trim()
    .split('\n')
    .filter((line) => line && !line.split(' ').includes('daprd'));
  if (missing.length > 0) {
    throw new SetupError(
      `pods without an injected daprd (was the injector down?): ${missing.join('; ')}`,
    );
  }
}
