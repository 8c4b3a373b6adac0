// npm run k8s:up | k8s:down | k8s -- <kubectl args>: the local single-node cluster, with the
// Dapr control plane from its chart and the project's services from deploy/k8s.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runMain, say, seconds, SetupError } from '../lib/console.mjs';
import { aptInstall, asRoot, which } from '../lib/debian.mjs';
import { adminKubeconfig, clusterExists, leftovers, stopCluster } from './cluster.mjs';
import { kubernetesBinary } from './kubernetes.mjs';

// What the node runs beside the Kubernetes binaries, from Debian's packages.
const NODE_PACKAGES = {
  containerd: 'containerd',
  runc: 'runc',
  '/usr/lib/cni/bridge': 'containernetworking-plugins',
  iptables: 'iptables',
  socat: 'socat',
  openssl: 'openssl',
  nsenter: 'util-linux',
};

export function ensureNodePackages() {
  asRoot('A local Kubernetes cluster');
  const missing = Object.entries(NODE_PACKAGES)
    .filter(([binary]) => (binary.startsWith('/') ? !which(binary) : !which(binary)))
    .map(([, pkg]) => pkg);
  if (missing.length > 0) aptInstall(missing, 'the local Kubernetes node', { step: 'k8s' });
}

export async function down() {
  const started = Date.now();
  if (!clusterExists()) {
    say('k8s', 'no local cluster is running');
    return;
  }
  say('k8s', 'deleting the workloads, then stopping the node and the control plane…');
  const left = await stopCluster();
  if (left.length > 0) {
    throw new SetupError(`the cluster stopped, but these are left behind:\n  ${left.join('\n  ')}`);
  }
  say('k8s', `down in ${seconds(started)}: no process, mount, interface or cgroup of it is left`);
}

function kubectlPassthrough(args) {
  if (!clusterExists()) throw new SetupError('no local cluster: start one with `npm run k8s:up`');
  const { status } = spawnSync(
    kubernetesBinary('kubectl'),
    [`--kubeconfig=${adminKubeconfig}`, ...args],
    {
      stdio: 'inherit',
    },
  );
  process.exitCode = status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  runMain(async () => {
    if (command === 'down') return down();
    if (command === 'kubectl') return kubectlPassthrough(args);
    if (command === 'leftovers') return console.log(leftovers().join('\n') || 'nothing left');
    const { up } = await import('./up.mjs');
    if (command === 'up') return up();
    throw new SetupError('usage: node scripts/k8s/k8s.mjs <up|down|kubectl …>');
  });
}
