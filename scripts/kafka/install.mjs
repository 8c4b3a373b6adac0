// The Kafka jars: fetched once with Maven (pom.xml) into the cache shared by all checkouts.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { cacheDir } from '../lib/paths.mjs';
import { isProcessAlive } from '../lib/pids.mjs';
import { runCommand } from '../lib/run-command.mjs';
import { requireJava } from './java.mjs';

export const KAFKA_VERSION = '4.4.0';
/** Written last into the jars folder; holds the pom's hash, so a changed pom means a refresh. */
export const COMPLETE_MARKER = '.complete';

const pomFile = fileURLToPath(new URL('pom.xml', import.meta.url));
// Absolute: the broker and its tools run with the data dir as working directory.
const libsDir = resolve(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
const requiredJars = ['kafka_2.13', 'kafka-tools', 'kafka-clients'].map(
  (name) => `${name}-${KAFKA_VERSION}.jar`,
);

const pomHash = () => createHash('sha256').update(readFileSync(pomFile)).digest('hex');

function isInstalled(hash) {
  try {
    return readFileSync(join(libsDir, COMPLETE_MARKER), 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

/** Makes sure the Kafka jars are in the cache and returns their folder; downloads need mvn. */
export async function ensureKafkaInstalled() {
  const hash = pomHash();
  if (isInstalled(hash)) return libsDir;
  await requireJava();
  const versionDir = dirname(libsDir);
  await mkdir(versionDir, { recursive: true });
  await removeAbandonedDownloads(versionDir);

  // Download beside the final folder and rename it only once complete, so that an interrupted
  // download can never pass for a finished one.
  const tmp = `${libsDir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const started = Date.now();
  say(
    'kafka',
    existsSync(libsDir)
      ? `re-downloading the Kafka ${KAFKA_VERSION} jars (scripts/kafka/pom.xml changed or the cache is incomplete)…`
      : `downloading the Apache Kafka ${KAFKA_VERSION} jars from Maven Central (first run only)…`,
  );
  try {
    await downloadJars(tmp);
    await writeFile(join(tmp, COMPLETE_MARKER), `${hash}\n`);
    await rm(libsDir, { recursive: true, force: true }); // an outdated copy, if any
    await rename(tmp, libsDir).catch((error) => {
      // Another process finished the same download first: use its copy.
      if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || !isInstalled(hash)) throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const jars = readdirSync(libsDir).filter((name) => name.endsWith('.jar'));
  const megabytes = jars.reduce((sum, jar) => sum + statSync(join(libsDir, jar)).size, 0) / 1e6;
  say(
    'kafka',
    `downloaded ${jars.length} jars (${megabytes.toFixed(1)} MB) in ${seconds(started)} to ${libsDir}`,
  );
  return libsDir;
}

/** Deletes the temp folders of downloads whose process is gone (e.g. after Ctrl-C). */
async function removeAbandonedDownloads(versionDir) {
  for (const name of await readdir(versionDir)) {
    const pid = /^libs\.tmp-(\d+)$/.exec(name)?.[1];
    if (pid && !isProcessAlive(Number(pid))) {
      await rm(join(versionDir, name), { recursive: true, force: true });
    }
  }
}

/** `mvn dependency:copy-dependencies` into dir, with a progress line every few seconds. */
async function downloadJars(dir) {
  const started = Date.now();
  let files = 0;
  const progress = setInterval(
    () => say('kafka', `  …still working: ${files} files downloaded so far (${seconds(started)})`),
    5000,
  );
  const args = ['-B', '-Dstyle.color=never', '-f', pomFile, 'dependency:copy-dependencies'];
  const { code, output } = await runCommand('mvn', [...args, `-DoutputDirectory=${dir}`], {
    cwd: dirname(pomFile),
    timeoutMs: 15 * 60_000,
    onLine: (line) => {
      if (line.startsWith('[INFO] Downloaded from')) files += 1;
    },
  })
    .catch((error) => {
      if (error.code !== 'ENOENT') throw error;
      throw new SetupError(
        'Maven (mvn) is needed once to download the Kafka jars: install it (apt-get install maven) or set KAFKA_BROKERS to an existing broker',
      );
    })
    .finally(() => clearInterval(progress));

  if (code !== 0) {
    const lines = output.trim().split('\n');
    const boilerplate = /^\[ERROR\]\s*$|re-run Maven|For more information|\[Help 1\]/i;
    const errors = lines.filter((line) => line.startsWith('[ERROR]') && !boilerplate.test(line));
    const detail = (errors.length > 0 ? errors : lines).slice(-20).join('\n');
    throw new SetupError(`Maven could not download the Kafka jars (exit code ${code}):\n${detail}`);
  }
  const missing = requiredJars.filter((jar) => !existsSync(join(dir, jar)));
  if (missing.length > 0) {
    throw new SetupError(`Maven finished, but ${missing.join(', ')} is missing in ${dir}`);
  }
}
