// Starting and stopping take turns across processes: `npm run dev` and jest starting at the same
// moment would otherwise launch two brokers on one data dir.
import lockfile from 'proper-lockfile';
import { say, SetupError } from '../lib/console.mjs';

const maxWaitMs = 300_000;
const retryMs = 250;

/**
 * Runs task while holding lockFile (a folder, touched every 5 s while we hold it); waits while
 * another process does. A process killed while holding it lets go when that stops, 10 s on.
 */
export async function withStartStopLock(lockFile, task) {
  const lock = (retries) =>
    lockfile.lock(lockFile, {
      lockfilePath: lockFile,
      realpath: false,
      retries: { retries, minTimeout: retryMs, maxTimeout: retryMs },
      onCompromised: (error) => say('kafka', `lost the start/stop lock: ${error.message}`),
    });
  const release = await lock(0).catch(async (error) => {
    if (error.code !== 'ELOCKED') throw error;
    say('kafka', 'waiting for another process, which is starting or stopping the local broker…');
    return lock(maxWaitMs / retryMs).catch((stillLocked) => {
      if (stillLocked.code !== 'ELOCKED') throw stillLocked;
      throw new SetupError(
        `gave up after ${maxWaitMs / 1000} s waiting for another process to finish starting or stopping Kafka: remove ${lockFile} if none is`,
      );
    });
  });
  try {
    return await task();
  } finally {
    await release();
  }
}
