// npm run k8s:provision: every binary of the local Kubernetes cluster and the Dapr control
// plane, built from Go modules into the cache outside the clone (minutes the first time).
import { fileURLToPath } from 'node:url';
import { runMain, say, seconds } from '../lib/console.mjs';
import { assertGo } from '../lib/go.mjs';
import { daprChart, ensureDaprControlPlane } from '../dapr/dapr.mjs';
import { ensureKustomize } from '../kustomize/kustomize.mjs';
import { ensureKubernetes, kubernetesBinary } from './kubernetes.mjs';
import { ensureCoredns, ensureEtcd, ensureHelm, ensureTraefik } from './tools.mjs';

const needGo = () =>
  assertGo('The Kubernetes binaries', ', then run `npm run k8s:provision` again');

/** What `k8s:validate` needs: etcd, the API server, kubectl, kustomize and the Dapr CRDs. */
export async function provisionApiServer() {
  needGo();
  await ensureKubernetes();
  return {
    etcd: await ensureEtcd(),
    apiServer: kubernetesBinary('kube-apiserver'),
    kubectl: kubernetesBinary('kubectl'),
    kustomize: await ensureKustomize(),
    crds: daprChart().crds,
  };
}

/**
 * Everything a cluster needs: the node's binaries, Helm, CoreDNS, Traefik and the Dapr control
 * plane.
 */
export async function provisionCluster() {
  needGo();
  return {
    kubernetes: await ensureKubernetes(),
    etcd: await ensureEtcd(),
    helm: await ensureHelm(),
    coredns: await ensureCoredns(),
    traefik: await ensureTraefik(),
    kustomize: await ensureKustomize(),
    ...(await ensureDaprControlPlane()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    const started = Date.now();
    const paths = await provisionCluster();
    say('k8s', `provisioned in ${seconds(started)}`);
    for (const [what, path] of Object.entries(paths)) console.log(`${what.padEnd(11)}${path}`);
  });
}
