// Most of the broker's start time on a small machine goes into loading and verifying classes
// from ~45 MB of jars. The first start records the loaded classes in a CDS archive, which the
// JVM writes when the broker exits after `stop`; later starts map it and are ready in 1.0 s
// instead of 1.6 s (2 cores, median of 5). An archive fits only one JVM build and one set of
// jars, so both are in its name.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { say } from '../lib/console.mjs';
import { COMPLETE_MARKER } from './install.mjs';
import { javaCommand } from './java.mjs';

// Start and stop run in different processes: this file tells `stop` what is being recorded.
const pendingFile = (files) => join(files.dataDir, 'cds-pending.json');

function archiveFor(libs, javaVersion) {
  const key = createHash('sha256')
    .update(javaCommand())
    .update(javaVersion)
    .update(readFileSync(join(libs, COMPLETE_MARKER), 'utf8'))
    .digest('hex')
    .slice(0, 16);
  return join(dirname(libs), 'cds', `broker-${key}.jsa`);
}

/**
 * The JVM flags that map the archive, or that record one when there is none yet.
 * @returns {Promise<{ jvmArgs: string[], archive?: string, recording: boolean }>}
 */
export async function prepareClassDataSharing(files, libs, javaVersion) {
  await settleRecordedArchive(files, { keep: false }); // left by a broker we did not stop
  const archive = archiveFor(libs, javaVersion);
  if (existsSync(archive)) {
    return { jvmArgs: [`-XX:SharedArchiveFile=${archive}`], archive, recording: false };
  }
  await mkdir(dirname(archive), { recursive: true });
  const recording = `${archive}.tmp-${randomBytes(4).toString('hex')}`;
  await writeFile(pendingFile(files), JSON.stringify({ recording, archive }));
  return {
    jvmArgs: [`-XX:ArchiveClassesAtExit=${recording}`, '-Xlog:cds=off,cds+dynamic=off'],
    recording: true,
  };
}

/** Once the broker has exited: keep the archive it recorded (after a clean stop) or drop it. */
export async function settleRecordedArchive(files, { keep }) {
  let pending;
  try {
    pending = JSON.parse(await readFile(pendingFile(files), 'utf8'));
  } catch {
    return;
  }
  if (keep && existsSync(pending.recording)) await rename(pending.recording, pending.archive);
  else await rm(pending.recording, { force: true });
  await rm(pendingFile(files), { force: true });
}

/** On a mismatch the JVM silently runs without the archive: remove it, to re-record next time. */
export async function dropArchiveIfRejected(files, archive) {
  const logStart = (await readFile(files.logFile, 'utf8')).slice(0, 64 * 1024);
  if (/\[(warning|error)\]\[cds/.test(logStart)) {
    say(
      'kafka',
      'the class archive does not fit this JVM or these jars: re-recording it next start',
    );
    await rm(archive, { force: true });
  }
}
