// The local cluster's node lives in its own network namespace, joined to the host by one veth
// pair: node, pod and Service addresses exist only in there, and the host reaches the cluster
// only through the veth's address. The namespace has no default route, so nothing a pod sends
// can leave the machine; deleting the namespace removes its interfaces and iptables rules.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { SetupError } from '../lib/console.mjs';

export const NETNS = 'todo-dapr-k8s';
export const netnsPath = `/run/netns/${NETNS}`;
const HOST_IF = 'tdk8s0';
const NODE_IF = 'tdk8s1';
export const HOST_IP = '10.250.0.1';
export const NODE_IP = '10.250.0.2';
const PREFIX = 30;
export const POD_CIDR = '10.244.0.0/24';
export const SERVICE_CIDR = '10.96.0.0/16';
export const API_SERVICE_IP = '10.96.0.1';
export const DNS_SERVICE_IP = '10.96.0.10';

const ip = (...args) => execFileSync('ip', args, { encoding: 'utf8', stdio: 'pipe' });
const inNode = (...args) => ip('netns', 'exec', NETNS, ...args);

/** The command prefix that runs a program in the node's network namespace only. */
export const inNodeNetwork = (command, args) => [
  'nsenter',
  [`--net=${netnsPath}`, '--', command, ...args],
];

export const nodeNetworkExists = () => existsSync(netnsPath);

function assertAddressesFree() {
  const routes = ip('-4', 'route', 'show', 'table', 'all');
  const taken = ['10.250.0.', '10.244.', '10.96.'].filter((prefix) =>
    routes.split('\n').some((line) => line.startsWith(prefix)),
  );
  if (taken.length > 0) {
    throw new SetupError(
      `the host already routes ${taken.join(', ')}…, which the local cluster uses: is another cluster running? (npm run k8s:down stops ours)`,
    );
  }
}

/** Creates the namespace, the veth pair and the node's routes; the node is NODE_IP. */
export function createNodeNetwork() {
  assertAddressesFree();
  ip('netns', 'add', NETNS);
  ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NODE_IF, 'netns', NETNS);
  ip('addr', 'add', `${HOST_IP}/${PREFIX}`, 'dev', HOST_IF);
  ip('link', 'set', HOST_IF, 'up');
  inNode('ip', 'link', 'set', 'lo', 'up');
  inNode('ip', 'addr', 'add', `${NODE_IP}/${PREFIX}`, 'dev', NODE_IF);
  inNode('ip', 'link', 'set', NODE_IF, 'up');
  // Service IPs are local in the node: kube-proxy's DNAT sends each to its pod, and a Service
  // without one is refused here, not routed anywhere.
  inNode('ip', 'route', 'add', 'local', SERVICE_CIDR, 'dev', 'lo');
  // Per namespace: the node routes between pods and the veth, and bridged pod traffic passes
  // kube-proxy's rules (a pod reaching a Service whose pod is on the same bridge).
  inNode('sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
  inNode('sysctl', '-q', '-w', 'net.bridge.bridge-nf-call-iptables=1');
}

/** Deletes the namespace; its veth pair, bridge and iptables rules go with it. */
export function deleteNodeNetwork() {
  if (nodeNetworkExists()) ip('netns', 'delete', NETNS);
  try {
    ip('link', 'delete', HOST_IF);
  } catch {
    // gone with the namespace, as it should be
  }
}

/** Whether /run/netns is a mount point: `ip netns add` makes it one, the first time. */
export const netnsDirMounted = () =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === '/run/netns');

/** The pod sandboxes' namespaces that containerd left in /run/netns (cni-…). */
export function leftoverPodNamespaces() {
  if (!existsSync('/run/netns')) return [];
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point) => point?.startsWith('/run/netns/cni-'));
}
