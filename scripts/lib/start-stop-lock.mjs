// Starting and stopping a local server (Kafka, the schema registry) take turns across
// processes: `npm run dev` and jest starting at the same moment would otherwise launch two
// servers on one data dir.
import lockfile from 'proper-lockfile';
import { say, SetupError } from './console.mjs';

const maxWaitMs = 300_000;
const retryMs = 250;

/**
 * Runs task while holding lockFile (a folder, touched every 5 s while we hold it); waits while
 * another process does. A process killed while holding it lets go when that stops, 10 s on.
 * `step` prefixes the progress lines, `what` names the server in them.
 */
export async function withStartStopLock(
  lockFile,
  task,
  { step = 'kafka', what = 'the local broker' } = {},
) {
  const lock = (retries) =>
    lockfile.lock(lockFile, {
      lockfilePath: lockFile,
      realpath: false,
      retries: { retries, minTimeout: retryMs, maxTimeout: retryMs },
      onCompromised: (error) => say(step, `lost the start/stop lock: ${error.message}`),
    });
  const release = await lock(0).catch(async (error) => {
    if (error.code !== 'ELOCKED') throw error;
    say(step, `waiting for another process, which is starting or stopping ${what}…`);
    return lock(maxWaitMs / retryMs).catch((stillLocked) => {
      if (stillLocked.code !== 'ELOCKED') throw stillLocked;
      throw new SetupError(
        `gave up after ${maxWaitMs / 1000} s waiting for another process to finish starting or stopping ${what}: remove ${lockFile} if none is`,
      );
    });
  });
  try {
    return await task();
  } finally {
    await release();
  }
}
