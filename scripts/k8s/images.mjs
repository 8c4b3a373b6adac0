// npm run k8s:images: every container image the local cluster runs, as a tar file for
// `ctr images import` (no container registry is reachable here), in <cache>/k8s-images/.
// Built with Docker: the compose stand-ins and service images as `npm run compose:up` builds
// them, and scratch images around the binaries built from Go modules (deploy/k8s/images/).
// An image is rebuilt only when its recipe changed, and exported only when its ID did.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServiceImages } from '../compose/compose.mjs';
import {
  docker,
  ensureComposePlugin,
  ensureDockerEngine,
  stopDockerEngineIfOurs,
} from '../compose/engine.mjs';
import {
  ensureDockerfileImage,
  ensureStandInImages,
  imageInfo,
  STAND_IN_IMAGES,
} from '../compose/images.mjs';
import { DAPR_RUNTIME_VERSION, ensureDaprControlPlane } from '../dapr/dapr.mjs';
import { runMain, say, seconds, SetupError } from '../lib/console.mjs';
import { heartbeat } from '../lib/go.mjs';
import { cacheDir, repoRoot } from '../lib/paths.mjs';
import { ensurePause, PAUSE_VERSION } from './pause.mjs';
import { COREDNS_VERSION, ensureCoredns, ensureTraefik, TRAEFIK_VERSION } from './tools.mjs';

/** The images of the local cluster by name, as its manifests and containerd name them. */
export const CLUSTER_IMAGES = {
  dapr: `todo-dapr-local/dapr:${DAPR_RUNTIME_VERSION}`,
  pause: `todo-dapr-local/pause:${PAUSE_VERSION}`,
  coredns: `todo-dapr-local/coredns:${COREDNS_VERSION}`,
  traefik: `todo-dapr-local/traefik:${TRAEFIK_VERSION}`,
  kafka: STAND_IN_IMAGES.kafka,
  'schema-registry': STAND_IN_IMAGES['apicurio-registry'],
  postgres: STAND_IN_IMAGES.postgres,
  mailpit: STAND_IN_IMAGES.mailpit,
  auth: 'todo-dapr/auth:dev',
  'todo-api': 'todo-dapr/todo-api:dev',
  subscriber: 'todo-dapr/subscriber:dev',
  web: 'todo-dapr/web:dev',
  schemas: 'todo-dapr/schemas:dev',
};

/** The base of the images that need more than their binary (see static.Dockerfile). */
const STATIC_IMAGE = 'todo-dapr-local/static-debian12:nonroot';

export const clusterImagesDir = join(cacheDir, 'k8s-images');
const dockerfile = (name) => join(repoRoot, 'deploy', 'k8s', 'images', `${name}.Dockerfile`);
const progress = (line) => say('k8s-images', line);

/** The binaries of the scratch images, built from Go first: no Docker daemon is needed yet. */
async function buildBinaries() {
  const { daprd, sentry, operator, injector } = await ensureDaprControlPlane();
  return {
    dapr: { daprd, sentry, operator, injector },
    traefik: { traefik: await ensureTraefik() },
    coredns: { coredns: await ensureCoredns() },
    pause: { pause: await ensurePause() },
  };
}

/** Each image of deploy/k8s/images: its build arguments, and whether it starts FROM static. */
const OWN_IMAGES = {
  dapr: { args: { DAPR_VERSION: DAPR_RUNTIME_VERSION }, onStatic: true },
  traefik: { args: { TRAEFIK_VERSION }, onStatic: true },
  coredns: { args: { COREDNS_VERSION }, onStatic: false },
  pause: { args: { PAUSE_VERSION }, onStatic: false },
};

const idOf = async (tag) => {
  const id = (await imageInfo(tag))?.id;
  if (!id) throw new SetupError(`the image ${tag} is missing after its build`);
  return id;
};

/** Builds the images that are missing or out of date; the Docker daemon must be up. */
async function buildImages(binaries) {
  // kafka, the schema registry, postgres and mailpit, and the Node.js base of the service
  // images.
  await ensureStandInImages({ onProgress: progress });
  await buildServiceImages();
  await ensureDockerfileImage({
    tag: STATIC_IMAGE,
    dockerfile: dockerfile('static'),
    contextName: 'k8s-static',
    files: {},
    inputs: [await idOf(STAND_IN_IMAGES.debian)],
    progress,
  });
  const staticId = await idOf(STATIC_IMAGE);
  for (const [name, { args, onStatic }] of Object.entries(OWN_IMAGES)) {
    await ensureDockerfileImage({
      tag: CLUSTER_IMAGES[name],
      dockerfile: dockerfile(name),
      contextName: `k8s-${name}`,
      files: binaries[name],
      args,
      inputs: onStatic ? [staticId] : [],
      progress,
    });
  }
}

/** `docker save` of `ref` to <cache>/k8s-images/<name>.tar, unless the tar has its image ID. */
async function exportImage(name, ref) {
  const tar = join(clusterImagesDir, `${name}.tar`);
  // The ID of the image in the tar, beside it.
  const idFile = `${tar}.id`;
  const id = await idOf(ref);
  if (existsSync(tar) && existsSync(idFile) && readFileSync(idFile, 'utf8').trim() === id) {
    return { ref, tar, exported: false };
  }
  const started = Date.now();
  progress(`exporting ${ref} → ${tar}…`);
  mkdirSync(clusterImagesDir, { recursive: true });
  rmSync(idFile, { force: true });
  const partial = `${tar}.tmp-${process.pid}`;
  const stop = heartbeat('k8s-images', () => `  …still exporting ${ref} (${seconds(started)})`);
  try {
    await docker(['save', ref, '-o', partial], { what: `docker save ${ref}` });
    renameSync(partial, tar);
  } finally {
    stop();
    rmSync(partial, { force: true });
  }
  writeFileSync(idFile, `${id}\n`);
  progress(`exported ${ref} in ${seconds(started)}`);
  return { ref, tar, exported: true };
}

/**
 * Makes sure a tar of every CLUSTER_IMAGES image, as it is now, lies in <cache>/k8s-images/:
 * builds what is missing or outdated and exports what changed. Stops the Docker daemon at the
 * end if it started it. Returns [{ ref, tar }], in CLUSTER_IMAGES' order.
 */
export async function ensureClusterImages() {
  const binaries = await buildBinaries();
  const startedDaemon = await ensureDockerEngine();
  try {
    await ensureComposePlugin();
    await buildImages(binaries);
    const exports = [];
    for (const [name, ref] of Object.entries(CLUSTER_IMAGES)) {
      exports.push(await exportImage(name, ref));
    }
    return exports.map(({ ref, tar }) => ({ ref, tar }));
  } finally {
    if (startedDaemon) await stopDockerEngineIfOurs();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    const started = Date.now();
    const images = await ensureClusterImages();
    progress(`${images.length} image tars ready in ${seconds(started)}`);
    for (const { ref, tar } of images) {
      const megabytes = (statSync(tar).size / 1e6).toFixed(0).padStart(5);
      console.log(`${ref.padEnd(34)}${megabytes} MB  ${tar}`);
    }
  });
}
