// The node's configuration files: containerd, CNI, the kubelet and kube-proxy. Everything
// they write (images, pod volumes, IP leases, sockets) stays under the cluster's state dir.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DNS_SERVICE_IP, NODE_IP, POD_CIDR } from './node-network.mjs';
import { NODE_NAME } from './pki.mjs';

// Debian's containernetworking-plugins put bridge, host-local and portmap here.
const CNI_BIN_DIR = '/usr/lib/cni';

export function nodePaths(stateDir) {
  const containerd = join(stateDir, 'containerd');
  return {
    containerdConfig: join(containerd, 'config.toml'),
    containerdSocket: join(containerd, 'containerd.sock'),
    containerdRoot: join(containerd, 'root'),
    containerdState: join(containerd, 'state'),
    cniConfDir: join(stateDir, 'cni', 'net.d'),
    cniIpamDir: join(stateDir, 'cni', 'ipam'),
    kubeletConfig: join(stateDir, 'kubelet.yaml'),
    kubeletRoot: join(stateDir, 'kubelet'),
    kubeProxyConfig: join(stateDir, 'kube-proxy.yaml'),
    resolvConf: join(stateDir, 'resolv.conf'),
  };
}

export function writeNodeConfig(stateDir, { pki, pauseImage }) {
  const paths = nodePaths(stateDir);
  for (const dir of [
    paths.containerdRoot,
    paths.containerdState,
    paths.cniConfDir,
    paths.kubeletRoot,
  ]) {
    mkdirSync(dir, { recursive: true });
  }
  // restrict_oom_score_adj: root here lacks CAP_SYS_RESOURCE, and without it no sandbox starts
  // ("can't get final child's PID from pipe: EOF"). crun fails here; runc works.
  writeFileSync(
    paths.containerdConfig,
    `version = 2
root = "${paths.containerdRoot}"
state = "${paths.containerdState}"
[grpc]
  address = "${paths.containerdSocket}"
[ttrpc]
  address = "${paths.containerdSocket}.ttrpc"
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${CNI_BIN_DIR}"
    conf_dir = "${paths.cniConfDir}"
`,
  );
  writeFileSync(
    join(paths.cniConfDir, '10-todo-dapr.conflist'),
    JSON.stringify(
      {
        cniVersion: '1.0.0',
        name: 'todo-dapr',
        plugins: [
          {
            type: 'bridge',
            bridge: 'cni0',
            isGateway: true,
            ipMasq: true,
            hairpinMode: true,
            ipam: {
              type: 'host-local',
              dataDir: paths.cniIpamDir,
              ranges: [[{ subnet: POD_CIDR }]],
              routes: [{ dst: '0.0.0.0/0' }],
            },
          },
          { type: 'portmap', capabilities: { portMappings: true } },
        ],
      },
      null,
      2,
    ),
  );
  // No search domains or servers from the host: names outside the cluster resolve nowhere.
  writeFileSync(paths.resolvConf, '');
  writeFileSync(
    paths.kubeletConfig,
    `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# The host has cgroups v1.
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://${paths.containerdSocket}
address: ${NODE_IP}
readOnlyPort: 0
tlsCertFile: ${pki.kubeletCert}
tlsPrivateKeyFile: ${pki.kubeletKey}
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: ${pki.ca} }
authorization:
  mode: Webhook
clusterDomain: cluster.local
clusterDNS: [${DNS_SERVICE_IP}]
resolvConf: ${paths.resolvConf}
failSwapOn: false
# Images cannot be pulled again here: never collect them. Evict (and taint the node, which
# stops all scheduling) only when the disk is really full: k8s:up checks for room first.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 256Mi
  imagefs.available: 256Mi
  nodefs.inodesFree: 1%
serializeImagePulls: false
`,
  );
  writeFileSync(
    paths.kubeProxyConfig,
    `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection:
  kubeconfig: ${pki.kubeconfigs['kube-proxy']}
hostnameOverride: ${NODE_NAME}
clusterCIDR: ${POD_CIDR}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# NodePorts answer on the node's veth address only.
nodePortAddresses: [${NODE_IP}/32]
# The conntrack table sizes are the host's: leave them alone.
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
`,
  );
  return paths;
}
