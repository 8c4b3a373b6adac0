// Apicurio Registry's runnable distribution (a Quarkus app, 159 MB), fetched once with Maven
// from Maven Central and unpacked into the cache shared by all checkouts.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { cacheDir } from '../lib/paths.mjs';
import { isProcessAlive } from '../lib/pids.mjs';
import { runCommand } from '../lib/run-command.mjs';

export const REGISTRY_VERSION = '3.3.3';
const artifact = `io.apicurio:apicurio-registry-app:${REGISTRY_VERSION}:tar.gz:all`;
const tarball = `apicurio-registry-app-${REGISTRY_VERSION}-all.tar.gz`;
const COMPLETE_MARKER = '.complete'; // written last; holds the artifact's coordinates
const homeName = `apicurio-registry-${REGISTRY_VERSION}`;
export const registryHome = join(cacheDir, homeName);
/** What `java -jar` runs, inside registryHome. */
export const RUNNER_JAR = 'quarkus-run.jar';

function isInstalled() {
  try {
    return readFileSync(join(registryHome, COMPLETE_MARKER), 'utf8').trim() === artifact;
  } catch {
    return false;
  }
}

/** Makes sure the registry is unpacked in the cache and returns its folder; downloads need mvn. */
export async function ensureRegistryInstalled() {
  if (isInstalled()) return registryHome;
  await mkdir(cacheDir, { recursive: true });
  await removeAbandonedDownloads();
  // Download and unpack beside the final folder and rename it only once complete, so that an
  // interrupted download can never pass for a finished one.
  const tmp = `${registryHome}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const started = Date.now();
  say(
    'registry',
    `fetching Apicurio Registry ${REGISTRY_VERSION} (${artifact}, 159 MB) with Maven (first run only)…`,
  );
  try {
    await mkdir(tmp);
    await download(tmp);
    const unpacked = await runCommand('tar', ['-xzf', tarball], {
      cwd: tmp,
      timeoutMs: 5 * 60_000,
    });
    if (unpacked.code !== 0) {
      throw new SetupError(
        `could not unpack ${tarball} (tar exit code ${unpacked.code}):\n${unpacked.output}`,
      );
    }
    await rm(join(tmp, tarball)); // Maven's local repository keeps its own copy
    if (!existsSync(join(tmp, RUNNER_JAR))) {
      throw new SetupError(
        `${tarball} holds no ${RUNNER_JAR}: not the Quarkus app layout expected`,
      );
    }
    await writeFile(join(tmp, COMPLETE_MARKER), `${artifact}\n`);
    await rm(registryHome, { recursive: true, force: true }); // an incomplete copy, if any
    await rename(tmp, registryHome).catch((error) => {
      // Another process finished the same download first: use its copy.
      if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || !isInstalled()) throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  say(
    'registry',
    `Apicurio Registry ${REGISTRY_VERSION} is in ${registryHome} (${seconds(started)})`,
  );
  return registryHome;
}

/** Deletes the temp folders of downloads whose process is gone (e.g. after Ctrl-C). */
async function removeAbandonedDownloads() {
  for (const name of await readdir(cacheDir)) {
    const pid = name.startsWith(`${homeName}.tmp-`) && name.slice(homeName.length + 5);
    if (pid && !isProcessAlive(Number(pid))) {
      await rm(join(cacheDir, name), { recursive: true, force: true });
    }
  }
}

// Maven's local repository (MAVEN_OPTS may move it), where the download grows.
const localRepository = () =>
  /-Dmaven\.repo\.local=(\S+)/.exec(process.env.MAVEN_OPTS ?? '')?.[1] ??
  join(homedir(), '.m2', 'repository');

/** Bytes so far of the tarball in Maven's local repository (its temp file while it downloads). */
function bytesDownloaded() {
  const dir = join(localRepository(), 'io', 'apicurio', 'apicurio-registry-app', REGISTRY_VERSION);
  try {
    const sizes = readdirSync(dir)
      .filter(
        (name) =>
          !name.endsWith('.sha1') && !name.endsWith('.lock') && name !== '_remote.repositories',
      )
      .map((name) => statSync(join(dir, name)).size);
    return Math.max(0, ...sizes);
  } catch {
    return 0;
  }
}

/** `mvn dependency:copy` of the tarball into dir, with a progress line every few seconds. */
async function download(dir) {
  const started = Date.now();
  const progress = setInterval(() => {
    const megabytes = (bytesDownloaded() / 1e6).toFixed(0);
    say('registry', `  …still downloading: ${megabytes} of 159 MB so far (${seconds(started)})`);
  }, 5000);
  // The plugin version of scripts/kafka/pom.xml: one copy of it in the local repository.
  const goal = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy';
  const args = [
    '-B',
    '-Dstyle.color=never',
    goal,
    `-Dartifact=${artifact}`,
    `-DoutputDirectory=${dir}`,
  ];
  const { code, output } = await runCommand('mvn', args, { cwd: dir, timeoutMs: 30 * 60_000 })
    .catch((error) => {
      if (error.code !== 'ENOENT') throw error;
      throw new SetupError(
        'Maven (mvn) is needed once to download Apicurio Registry: install it (apt-get install maven), or run with REGISTRY=off (no schema registry)',
      );
    })
    .finally(() => clearInterval(progress));
  if (code !== 0) {
    const lines = output.trim().split('\n');
    const boilerplate = /^\[ERROR\]\s*$|re-run Maven|For more information|\[Help 1\]/i;
    const errors = lines.filter((line) => line.startsWith('[ERROR]') && !boilerplate.test(line));
    const detail = (errors.length > 0 ? errors : lines).slice(-20).join('\n');
    throw new SetupError(`Maven could not download ${artifact} (exit code ${code}):\n${detail}`);
  }
  if (!existsSync(join(dir, tarball))) {
    throw new SetupError(`Maven finished, but ${tarball} is missing in ${dir}`);
  }
}
