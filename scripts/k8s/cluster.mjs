// The local single-node cluster's processes: etcd, the control plane, containerd, the kubelet
// and kube-proxy, all in the node's network namespace (node-network.mjs), detached so that they
// outlive `k8s:up`, and recorded in the state dir so that `k8s:down` finds each by its pid.
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { say, SetupError } from '../lib/console.mjs';
import { commandLineOf, isProcessAlive, terminateProcessGroup } from '../lib/pids.mjs';
import { waitFor } from '../lib/processes.mjs';
import { runCommand } from '../lib/run-command.mjs';
import { kubernetesBinary } from './kubernetes.mjs';
import {
  createNodeNetwork,
  deleteNodeNetwork,
  inNodeNetwork,
  leftoverPodNamespaces,
  NODE_IP,
  netnsDirMounted,
  nodeNetworkExists,
  SERVICE_CIDR,
} from './node-network.mjs';
import { nodePaths, writeNodeConfig } from './node-config.mjs';
import { NODE_NAME, writeClusterCredentials } from './pki.mjs';

/** Root's, outside any clone: one local cluster per machine. */
export const stateDir = '/var/lib/todo-dapr-k8s';
const pkiDir = join(stateDir, 'pki');
const logDir = join(stateDir, 'logs');
const processesFile = join(stateDir, 'processes.json');
// What k8s:down puts back: the sysctls the kubelet sets, and whether /run/netns was a mount.
const hostBeforeFile = join(stateDir, 'host-before.json');
export const adminKubeconfig = join(pkiDir, 'admin.kubeconfig');

// The kubelet sets these host-wide; k8s:down puts back what was there.
const KUBELET_SYSCTLS = ['kernel.panic', 'kernel.panic_on_oops', 'vm.overcommit_memory'];
// The controllers whose cgroups the kubelet and containerd create (cgroupfs driver).
const CGROUP_ROOT = '/sys/fs/cgroup';

const readJson = (file, fallback) =>
  existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : fallback;

/** kubectl as the cluster's admin, from the host. */
export const kubectl = (args, options = {}) =>
  runCommand(kubernetesBinary('kubectl'), [`--kubeconfig=${adminKubeconfig}`, ...args], {
    timeoutMs: 180_000,
    ...options,
  });

/** kubectl that throws with its output when it fails. */
export async function kubectlOrFail(args, options) {
  const result = await kubectl(args, options);
  if (result.code !== 0) {
    throw new SetupError(`kubectl ${args.join(' ')} failed:\n${result.output.trim()}`);
  }
  return result;
}

function recorded() {
  return readJson(processesFile, []);
}

/** Starts a detached process (in the node's namespace unless onHost), logging to logs/<name>.log. */
export function startDaemon(name, command, args, { onHost = false } = {}) {
  mkdirSync(logDir, { recursive: true });
  const [program, programArgs] = onHost ? [command, args] : inNodeNetwork(command, args);
  const out = openSync(join(logDir, `${name}.log`), 'a');
  try {
    const child = spawn(program, programArgs, { detached: true, stdio: ['ignore', out, out] });
    child.unref();
    writeFileSync(
      processesFile,
      JSON.stringify([...recorded(), { name, pid: child.pid, command }], null, 2),
    );
    return child.pid;
  } finally {
    closeSync(out);
  }
}

const logTail = (name, lines = 20) => {
  const file = join(logDir, `${name}.log`);
  return existsSync(file)
    ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
    : '';
};

/** Fails fast, with its log, when a recorded process has exited. */
export function assertAllRunning() {
  const gone = recorded().find(({ pid }) => !isProcessAlive(pid));
  if (gone) throw new SetupError(`${gone.name} exited:\n${logTail(gone.name)}`);
}

function readSysctls() {
  return Object.fromEntries(
    KUBELET_SYSCTLS.map((key) => [
      key,
      readFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, 'utf8').trim(),
    ]),
  );
}

export const clusterExists = () => existsSync(stateDir) || nodeNetworkExists();

/** Starts every process of the cluster and resolves once the API server answers. */
export async function startCluster({ etcd, pauseImage }) {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(
    hostBeforeFile,
    JSON.stringify({ sysctls: readSysctls(), netnsDirMounted: netnsDirMounted() }),
  );
  createNodeNetwork();
  const pki = writeClusterCredentials(pkiDir);
  const node = writeNodeConfig(stateDir, { pki, pauseImage });
  const bin = kubernetesBinary;

  startDaemon('etcd', etcd, [
    '--name=node',
    `--data-dir=${join(stateDir, 'etcd')}`,
    '--listen-client-urls=http://127.0.0.1:2379',
    '--advertise-client-urls=http://127.0.0.1:2379',
    '--listen-peer-urls=http://127.0.0.1:2380',
    '--initial-advertise-peer-urls=http://127.0.0.1:2380',
    '--initial-cluster=node=http://127.0.0.1:2380',
    // A throwaway cluster: no fsync keeps it fast on a busy disk.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ]);
  startDaemon('containerd', 'containerd', ['--config', node.containerdConfig]);
  startDaemon('kube-apiserver', bin('kube-apiserver'), [
    '--etcd-servers=http://127.0.0.1:2379',
    '--bind-address=0.0.0.0',
    `--advertise-address=${NODE_IP}`,
    '--secure-port=6443',
    `--tls-cert-file=${pki.apiserverCert}`,
    `--tls-private-key-file=${pki.apiserverKey}`,
    `--client-ca-file=${pki.ca}`,
    `--token-auth-file=${pki.tokens}`,
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.saPub}`,
    `--service-account-signing-key-file=${pki.saKey}`,
    `--kubelet-client-certificate=${pki.kubeletClientCert}`,
    `--kubelet-client-key=${pki.kubeletClientKey}`,
    `--kubelet-certificate-authority=${pki.ca}`,
    '--kubelet-preferred-address-types=InternalIP',
    '--profiling=false',
  ]);
  await waitFor(
    async () => {
      assertAllRunning();
      return (await kubectl(['get', '--raw=/readyz'], { timeoutMs: 5000 })).code === 0;
    },
    {
      timeoutMs: 120_000,
      intervalMs: 500,
      describe: () => `kube-apiserver not ready:\n${logTail('kube-apiserver')}`,
    },
  );

  startDaemon('kube-controller-manager', bin('kube-controller-manager'), [
    `--kubeconfig=${pki.kubeconfigs['controller-manager']}`,
    `--authentication-kubeconfig=${pki.kubeconfigs['controller-manager']}`,
    `--authorization-kubeconfig=${pki.kubeconfigs['controller-manager']}`,
    `--service-account-private-key-file=${pki.saKey}`,
    `--root-ca-file=${pki.ca}`,
    `--cluster-signing-cert-file=${pki.ca}`,
    `--cluster-signing-key-file=${pki.caKey}`,
    '--use-service-account-credentials=true',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    '--profiling=false',
  ]);
  startDaemon('kube-scheduler', bin('kube-scheduler'), [
    `--kubeconfig=${pki.kubeconfigs.scheduler}`,
    `--authentication-kubeconfig=${pki.kubeconfigs.scheduler}`,
    `--authorization-kubeconfig=${pki.kubeconfigs.scheduler}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    '--profiling=false',
  ]);
  startDaemon('kubelet', bin('kubelet'), [
    `--config=${node.kubeletConfig}`,
    `--kubeconfig=${pki.kubeconfigs.kubelet}`,
    `--root-dir=${node.kubeletRoot}`,
    `--hostname-override=${NODE_NAME}`,
    `--node-ip=${NODE_IP}`,
  ]);
  startDaemon('kube-proxy', bin('kube-proxy'), [`--config=${node.kubeProxyConfig}`]);
  return node;
}

/** Imports image tars into the node's containerd, where the kubelet finds them. */
export async function importImages(images) {
  const { containerdSocket } = nodePaths(stateDir);
  await waitFor(
    async () => {
      assertAllRunning();
      return (await runCommand('ctr', ['--address', containerdSocket, 'version'])).code === 0;
    },
    {
      timeoutMs: 60_000,
      intervalMs: 300,
      describe: () => `containerd not ready:\n${logTail('containerd')}`,
    },
  );
  for (const { ref, tar } of images) {
    const result = await runCommand(
      'ctr',
      ['--address', containerdSocket, '-n', 'k8s.io', 'images', 'import', '--no-unpack=false', tar],
      { timeoutMs: 600_000 },
    );
    if (result.code !== 0) throw new SetupError(`importing ${ref} failed:\n${result.output}`);
  }
}

/** Waits for the node to be Ready and for the default service account (pods need it). */
export async function waitForNode() {
  await waitFor(
    async () => {
      assertAllRunning();
      const { stdout } = await kubectl(
        [
          'get',
          'node',
          NODE_NAME,
          '-o',
          `jsonpath={.status.conditions[?(@.type=="Ready")].status}`,
        ],
        { timeoutMs: 10_000 },
      );
      return stdout.trim() === 'True';
    },
    {
      timeoutMs: 120_000,
      intervalMs: 500,
      describe: () => `node not Ready:\n${logTail('kubelet')}`,
    },
  );
  await waitFor(
    async () => (await kubectl(['get', 'serviceaccount', 'default', '-n', 'default'])).code === 0,
    { timeoutMs: 60_000, intervalMs: 500, describe: () => 'no default service account' },
  );
}

// Deployments recreate deleted pods: delete what owns them, then wait for the node to be empty.
async function deleteWorkloads() {
  if ((await kubectl(['get', '--raw=/readyz'], { timeoutMs: 5000 })).code !== 0) return;
  const { stdout } = await kubectl([
    'get',
    'namespaces',
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  const own = stdout
    .split(' ')
    .filter((ns) => ns && !['default', 'kube-public', 'kube-node-lease'].includes(ns));
  for (const kind of ['deployments', 'statefulsets', 'daemonsets', 'jobs', 'replicasets']) {
    await kubectl(['delete', kind, '--all', '--all-namespaces', '--wait=false'], {
      timeoutMs: 60_000,
    });
  }
  await kubectl([
    'delete',
    'pods',
    '--all',
    '--all-namespaces',
    '--grace-period=10',
    '--wait=false',
  ]);
  await waitFor(
    async () => {
      const pods = await kubectl(['get', 'pods', '--all-namespaces', '--no-headers'], {
        timeoutMs: 10_000,
      });
      return pods.code === 0 && pods.stdout.trim() === '';
    },
    { timeoutMs: 90_000, intervalMs: 1000, describe: () => 'pods still on the node' },
  ).catch((error) => say('k8s', `${error.message}: stopping the node anyway`));
  return own;
}

// containerd's shims are their own process group and outlive containerd: find ours by socket.
function shimPids() {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const command = commandLineOf(pid);
      return command.includes('containerd-shim') && command.includes(stateDir);
    });
}

function mountsUnder(prefixes) {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point) => point && prefixes.some((prefix) => point.startsWith(prefix)))
    .sort((a, b) => b.length - a.length);
}

function unmountAll(prefixes) {
  for (const point of mountsUnder(prefixes)) {
    try {
      execFileSync('umount', ['-l', point], { stdio: 'pipe' });
    } catch {
      // already gone with a parent
    }
  }
}

// rmdir, depth first: a cgroup directory goes only once it is empty of tasks and children.
function removeCgroupTree(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeCgroupTree(join(dir, entry.name));
  }
  try {
    rmdirSync(dir);
  } catch {
    // still has a task: reported by k8s:down's check
  }
}

/** What k8s:down checks is gone: processes, mounts, interfaces, cgroups. */
export function leftovers() {
  const found = [];
  for (const { name, pid } of recorded())
    if (isProcessAlive(pid)) found.push(`process ${name} (${pid})`);
  for (const pid of shimPids()) found.push(`containerd shim ${pid}`);
  for (const point of [...mountsUnder([stateDir]), ...leftoverPodNamespaces()])
    found.push(`mount ${point}`);
  if (nodeNetworkExists()) found.push('network namespace');
  for (const controller of existsSync(CGROUP_ROOT) ? readdirSync(CGROUP_ROOT) : []) {
    if (existsSync(join(CGROUP_ROOT, controller, 'kubepods')))
      found.push(`cgroup ${controller}/kubepods`);
  }
  return found;
}

/** Stops everything in the reverse order of start, and puts the host back as it was. */
export async function stopCluster() {
  await deleteWorkloads();
  const order = [
    'port-forward',
    'kube-proxy',
    'kubelet',
    'kube-scheduler',
    'kube-controller-manager',
    'kube-apiserver',
    'etcd',
  ];
  const processes = recorded();
  for (const name of order) {
    for (const entry of processes.filter((p) => p.name === name && isProcessAlive(p.pid))) {
      if (commandLineOf(entry.pid).includes(entry.command))
        await terminateProcessGroup(entry.pid, 15_000);
    }
  }
  const { containerdSocket } = nodePaths(stateDir);
  // Sandboxes the kubelet did not stop in time: kill their tasks through containerd first.
  const tasks = await runCommand('ctr', [
    '--address',
    containerdSocket,
    '-n',
    'k8s.io',
    'tasks',
    'ls',
    '-q',
  ]);
  if (tasks.code === 0) {
    for (const id of tasks.stdout.split('\n').filter(Boolean)) {
      await runCommand('ctr', [
        '--address',
        containerdSocket,
        '-n',
        'k8s.io',
        'tasks',
        'kill',
        '-s',
        'SIGKILL',
        id,
      ]);
    }
  }
  for (const pid of shimPids()) await terminateProcessGroup(pid, 5000, { leaderOnly: true });
  for (const entry of processes.filter((p) => p.name === 'containerd' && isProcessAlive(p.pid))) {
    await terminateProcessGroup(entry.pid, 15_000);
  }
  unmountAll([stateDir]);
  for (const point of leftoverPodNamespaces()) {
    unmountAll([point]);
    rmSync(point, { force: true });
  }
  deleteNodeNetwork();
  const before = readJson(hostBeforeFile, { sysctls: {}, netnsDirMounted: true });
  for (const [key, value] of Object.entries(before.sysctls)) {
    execFileSync('sysctl', ['-q', '-w', `${key}=${value}`]);
  }
  if (!before.netnsDirMounted && readdirSync('/run/netns').length === 0) unmountAll(['/run/netns']);
  if (existsSync(CGROUP_ROOT)) {
    for (const controller of readdirSync(CGROUP_ROOT))
      removeCgroupTree(join(CGROUP_ROOT, controller, 'kubepods'));
  }
  const left = leftovers();
  if (left.length === 0) rmSync(stateDir, { recursive: true, force: true });
  return left;
}
