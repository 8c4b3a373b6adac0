// The local cluster's credentials: a CA, the API server's serving certificate, its client
// certificate for the kubelet, the service-account keys, and a static token and kubeconfig
// per component. Made with openssl on every `k8s:up`: the cluster is thrown away at k8s:down.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_SERVICE_IP, NODE_IP } from './node-network.mjs';

export const NODE_NAME = 'todo-dapr-node';

// openssl req: a new, unencrypted P-256 key with the request.
const NEW_P256_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

const openssl = (args) => execFileSync('openssl', args, { stdio: 'pipe' });

function writeCa(dir) {
  openssl([
    'req',
    '-x509',
    ...NEW_P256_KEY,
    '-keyout',
    join(dir, 'ca.key'),
    '-out',
    join(dir, 'ca.crt'),
    '-days',
    '30',
    '-subj',
    '/CN=todo-dapr-local-cluster-ca',
  ]);
}

function writeSignedCert(dir, name, { subject, altNames = [], usage }) {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const extensions = join(dir, `${name}.ext`);
  writeFileSync(
    extensions,
    [
      `extendedKeyUsage=${usage}`,
      ...(altNames.length ? [`subjectAltName=${altNames.join(',')}`] : []),
    ].join('\n'),
  );
  openssl(['req', '-new', ...NEW_P256_KEY, '-keyout', key, '-out', csr, '-subj', subject]);
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(dir, 'ca.crt'),
    '-CAkey',
    join(dir, 'ca.key'),
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    extensions,
    '-out',
    join(dir, `${name}.crt`),
  ]);
}

/** The key pair the API server signs service-account tokens with: sa.key and sa.pub in dir. */
export function writeServiceAccountKeys(dir) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  writeFileSync(join(dir, 'sa.pub'), publicKey);
  writeFileSync(join(dir, 'sa.key'), privateKey, { mode: 0o600 });
}

// Who each kubeconfig speaks for: user name and groups, as the API server's token file lists.
const IDENTITIES = {
  admin: { user: 'admin', groups: ['system:masters'] },
  kubelet: { user: `system:node:${NODE_NAME}`, groups: ['system:nodes'] },
  'controller-manager': { user: 'system:kube-controller-manager', groups: [] },
  scheduler: { user: 'system:kube-scheduler', groups: [] },
  'kube-proxy': { user: 'system:kube-proxy', groups: [] },
};

function kubeconfig({ server, ca, token }) {
  return `apiVersion: v1
kind: Config
clusters:
  - name: todo-dapr-local
    cluster:
      server: ${server}
      certificate-authority: ${ca}
users:
  - name: user
    user:
      token: ${token}
contexts:
  - name: todo-dapr-local
    context: { cluster: todo-dapr-local, user: user }
current-context: todo-dapr-local
`;
}

/**
 * Writes everything into dir; returns the file paths. The components in the node's namespace
 * reach the API server on its loopback; the admin kubeconfig (the host's) on the node address.
 */
export function writeClusterCredentials(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeCa(dir);
  writeSignedCert(dir, 'apiserver', {
    subject: '/CN=kube-apiserver',
    usage: 'serverAuth',
    altNames: [
      `IP:${NODE_IP}`,
      `IP:${API_SERVICE_IP}`,
      'IP:127.0.0.1',
      'DNS:kubernetes',
      'DNS:kubernetes.default',
      'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local',
    ],
  });
  writeSignedCert(dir, 'apiserver-kubelet-client', {
    subject: '/O=system:masters/CN=kube-apiserver-kubelet-client',
    usage: 'clientAuth',
  });
  // The API server checks the kubelet's serving certificate (logs, exec) against the CA.
  writeSignedCert(dir, 'kubelet', {
    subject: `/O=system:nodes/CN=system:node:${NODE_NAME}`,
    usage: 'serverAuth',
    altNames: [`IP:${NODE_IP}`, `DNS:${NODE_NAME}`],
  });
  writeServiceAccountKeys(dir);

  const ca = join(dir, 'ca.crt');
  const tokens = [];
  const kubeconfigs = {};
  for (const [name, { user, groups }] of Object.entries(IDENTITIES)) {
    const token = randomBytes(24).toString('hex');
    tokens.push(`${token},${user},${user},"${groups.join(',')}"`);
    const server = name === 'admin' ? `https://${NODE_IP}:6443` : 'https://127.0.0.1:6443';
    kubeconfigs[name] = join(dir, `${name}.kubeconfig`);
    writeFileSync(kubeconfigs[name], kubeconfig({ server, ca, token }), { mode: 0o600 });
  }
  writeFileSync(join(dir, 'tokens.csv'), `${tokens.join('\n')}\n`, { mode: 0o600 });
  return {
    ca,
    caKey: join(dir, 'ca.key'),
    apiserverCert: join(dir, 'apiserver.crt'),
    apiserverKey: join(dir, 'apiserver.key'),
    kubeletCert: join(dir, 'kubelet.crt'),
    kubeletKey: join(dir, 'kubelet.key'),
    kubeletClientCert: join(dir, 'apiserver-kubelet-client.crt'),
    kubeletClientKey: join(dir, 'apiserver-kubelet-client.key'),
    saPub: join(dir, 'sa.pub'),
    saKey: join(dir, 'sa.key'),
    tokens: join(dir, 'tokens.csv'),
    kubeconfigs,
  };
}
