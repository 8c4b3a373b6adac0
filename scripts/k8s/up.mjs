// npm run k8s:up: provisions what is missing, starts the cluster, installs Dapr's control plane
// from its chart and the project on it, waits for every pod to be Ready, prints the origin.
import { randomBytes } from 'node:crypto';
import { statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { canConnect } from '../lib/ports.mjs';
import { httpStatus, waitFor } from '../lib/processes.mjs';
import {
  clusterExists,
  importImages,
  startCluster,
  startDaemon,
  stateDir,
  waitForNode,
} from './cluster.mjs';
import { CLUSTER_IMAGES, ensureClusterImages } from './images.mjs';
import {
  APP_NAMESPACE,
  applyApp,
  assertSidecarsInjected,
  createAppSecrets,
  installBackends,
  installDapr,
  waitForPods,
} from './install.mjs';
import { down, ensureNodePackages } from './k8s.mjs';
import { NODE_IP } from './node-network.mjs';
import { provisionCluster } from './provision.mjs';

/** The one origin on the host: the ingress controller's NodePort, published on loopback. */
export const ORIGIN_PORT = 8280;
const INGRESS_NODE_PORT = 30080;
export const origin = `http://127.0.0.1:${ORIGIN_PORT}`;
const BACKEND_NAMESPACES = [
  'kube-system',
  'traefik',
  'redpanda',
  'schema-registry',
  'postgres',
  'mailpit',
];

const GB = 1024 ** 3;

// containerd keeps each image twice (its content and the unpacked layers), and a node whose disk
// runs low taints itself and schedules nothing: better to say so before starting.
function assertRoomForImages(images) {
  const needed = 2 * images.reduce((sum, { tar }) => sum + statSync(tar).size, 0) + GB;
  const { bavail, bsize } = statfsSync(dirname(stateDir));
  if (bavail * bsize < needed) {
    throw new SetupError(
      `the local cluster needs about ${(needed / GB).toFixed(1)} GB free in ${dirname(stateDir)} for its images, and ${((bavail * bsize) / GB).toFixed(1)} GB are: free some space and run again`,
    );
  }
}

export async function up({ overlay = 'dev' } = {}) {
  const started = Date.now();
  const step = (what) => say('k8s', `${what} (${seconds(started)})`);
  ensureNodePackages();
  const tools = await provisionCluster();
  const images = await ensureClusterImages();
  assertRoomForImages(images);
  if (clusterExists()) {
    say('k8s', 'a local cluster is up already: stopping it first');
    await down();
  }
  say('k8s', 'starting etcd, the control plane, containerd, the kubelet and kube-proxy…');
  await startCluster({ etcd: tools.etcd, pauseImage: CLUSTER_IMAGES.pause });
  step('API server ready; importing the images into containerd');
  await importImages(images);
  await waitForNode();
  step(
    'node Ready; installing CoreDNS, Traefik, Kafka, the schema registry, PostgreSQL and Mailpit',
  );
  const postgresPassword = randomBytes(18).toString('hex');
  await installBackends({ postgresPassword });
  await installDapr(tools);
  await waitForPods(BACKEND_NAMESPACES);
  step('backends ready; applying the app');
  await createAppSecrets({ postgresPassword });
  await applyApp(overlay);
  await waitForPods([APP_NAMESPACE]);
  await assertSidecarsInjected();
  startDaemon(
    'port-forward',
    'socat',
    [
      `TCP-LISTEN:${ORIGIN_PORT},bind=127.0.0.1,reuseaddr,fork`,
      `TCP:${NODE_IP}:${INGRESS_NODE_PORT}`,
    ],
    { onHost: true },
  );
  await waitFor(() => canConnect('127.0.0.1', ORIGIN_PORT), {
    timeoutMs: 10_000,
    describe: () => `nothing answers on 127.0.0.1:${ORIGIN_PORT}`,
  });
  step('every pod Ready');
  console.log(`origin: ${origin}`);
}

/** Whether a cluster of k8s:up runs and its origin answers. */
export async function isUp() {
  return clusterExists() && (await httpStatus(`${origin}/.well-known/jwks.json`)) === 200;
}
