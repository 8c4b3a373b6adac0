// npm run k8s:validate: each overlay of deploy/k8s, and deploy/k8s/local (what the local
// cluster runs besides the app), through `kubectl apply --dry-run=server --validate=strict`
// against a real API server with the Dapr CRDs, so that unknown fields, bad values and missing
// kinds fail here and not on a user's cluster. Exits 1 on any failure.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runMain, say, seconds, SetupError } from '../lib/console.mjs';
import { repoRoot } from '../lib/paths.mjs';
import { runCommand } from '../lib/run-command.mjs';
import { localApiServer } from './api-server.mjs';
import { provisionApiServer } from './provision.mjs';

const k8sDir = join(repoRoot, 'deploy', 'k8s');

/** Every kustomization to validate: the local cluster's own, then each overlay. */
function kustomizations() {
  const overlaysDir = join(k8sDir, 'overlays');
  const overlays = readdirSync(overlaysDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(overlaysDir, entry.name))
    .sort();
  return [join(k8sDir, 'local'), ...overlays];
}

// Namespaced objects need their namespace to exist, and a dry run creates none. Those the
// manifests define are created as written, so that their Pod Security labels judge the pods.
async function createNamespaces(kubectl, manifests) {
  const objects = parseAllDocuments(manifests).map((doc) => doc.toJS() ?? {});
  const defined = objects.filter((object) => object.kind === 'Namespace');
  const names = new Set(defined.map((namespace) => namespace.metadata?.name));
  const used = new Set(objects.map((object) => object.metadata?.namespace).filter(Boolean));
  for (const namespace of [...used].filter((name) => !names.has(name))) {
    // --save-config, or apply warns that the namespace lacks its last-applied annotation.
    // AlreadyExists, from an earlier directory or built in (kube-system), is fine.
    await kubectl(['create', 'namespace', namespace, '--save-config']);
  }
  const list = { apiVersion: 'v1', kind: 'List', items: defined };
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify(list) });
}

/** Dry-runs one kustomization; resolves to { ok, message } with the server's answer. */
async function validateKustomization({ kubectl, kustomize }, dir) {
  const rendered = await runCommand(kustomize, ['build', dir]);
  if (rendered.code !== 0) {
    return { ok: false, message: `kustomize build failed: ${rendered.output.trim()}` };
  }
  const manifests = rendered.stdout;
  await createNamespaces(kubectl, manifests);
  const { code, output } = await kubectl(
    ['apply', '--dry-run=server', '--validate=strict', '-f', '-'],
    { input: manifests },
  );
  const lines = output.trim().split('\n');
  if (code !== 0) {
    const errors = lines.filter((line) => /^(Error from server|error:)/.test(line));
    return { ok: false, message: (errors.length > 0 ? errors : lines).join('\n') };
  }
  // The server's warnings (a deprecated field or API) pass, but are shown. Pods that break
  // their namespace's Pod Security level fail: a cluster would refuse to run them.
  const accepted = lines.filter((line) => line.endsWith('(server dry run)')).length;
  const warnings = lines.filter((line) => line.startsWith('Warning:'));
  return {
    ok: !warnings.some((line) => line.includes('would violate PodSecurity')),
    message: [`${accepted} objects accepted (server dry run)`, ...warnings].join('\n'),
  };
}

async function validate() {
  const started = Date.now();
  const tools = await provisionApiServer();
  const dir = mkdtempSync(join(tmpdir(), 'todo-dapr-k8s-validate-'));
  const server = localApiServer({ ...tools, dir });
  const stopAll = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    say('k8s', 'starting etcd and kube-apiserver on 127.0.0.1…');
    await server.start();
    const crds = await server.kubectl(['create', '-f', tools.crds]);
    if (crds.code !== 0) throw new SetupError(`installing the Dapr CRDs failed: ${crds.output}`);
    const established = await server.kubectl([
      'wait',
      '--for=condition=Established',
      'crd',
      '--all',
      '--timeout=60s',
    ]);
    if (established.code !== 0) throw new SetupError(`the Dapr CRDs: ${established.output}`);
    say('k8s', `API server ready with the Dapr CRDs (${seconds(started)})`);

    const results = [];
    for (const path of kustomizations()) {
      const result = await validateKustomization({ ...tools, kubectl: server.kubectl }, path);
      results.push(result);
      // Further errors of the same directory go on indented lines below its verdict.
      const message = result.message.replaceAll('\n', '\n    ');
      console.log(`${result.ok ? 'pass' : 'FAIL'} ${relative(repoRoot, path)}: ${message}`);
    }
    const failed = results.filter((result) => !result.ok).length;
    console.log(`kustomizations: ${results.length - failed} passed, ${failed} failed`);
    say('k8s', `validated in ${seconds(started)}`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

runMain(validate);
