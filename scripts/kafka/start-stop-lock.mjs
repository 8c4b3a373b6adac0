// Starting and stopping take turns across processes: `npm run dev` and jest starting at the same
// moment would otherwise launch two brokers on one data dir.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { say, SetupError } from '../lib/console.mjs';
import { isProcessAlive } from '../lib/pids.mjs';

const maxWaitMs = 300_000;

async function tryCreate(lockFile) {
  try {
    await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if (error.code === 'EEXIST') return false;
    throw error;
  }
}

/** Runs task while holding lockFile, which holds our pid; waits while another live process does. */
export async function withStartStopLock(lockFile, task) {
  const deadline = Date.now() + maxWaitMs;
  let announced = false;
  while (!(await tryCreate(lockFile))) {
    const holder = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && !isProcessAlive(holder)) {
      await rm(lockFile, { force: true }); // left behind by a killed process
      continue;
    }
    if (Date.now() > deadline) {
      throw new SetupError(
        `gave up waiting for process ${holder} to finish starting or stopping Kafka: remove ${lockFile} if that process is stuck`,
      );
    }
    if (!announced) {
      say(
        'kafka',
        `waiting for process ${holder}, which is starting or stopping the local broker…`,
      );
      announced = true;
    }
    await sleep(250);
  }
  try {
    return await task();
  } finally {
    await rm(lockFile, { force: true });
  }
}
