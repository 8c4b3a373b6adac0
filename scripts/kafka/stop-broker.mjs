// Stopping the local broker that runs from a data dir.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { say, seconds } from '../lib/console.mjs';
import { runningBrokerPid, stopBroker } from './broker-process.mjs';
import { brokerFiles, defaultDataDir } from './server-config.mjs';
import { withStartStopLock } from '../lib/start-stop-lock.mjs';

/**
 * Stops the local broker started from dataDir (SIGTERM, then SIGKILL after timeoutMs).
 * @returns {Promise<{ stopped: boolean }>}
 */
export async function stopKafka({ dataDir = defaultDataDir, timeoutMs = 20_000 } = {}) {
  const files = brokerFiles(dataDir);
  if (!existsSync(files.dataDir)) {
    say('kafka', 'no local broker running');
    return { stopped: false };
  }
  return withStartStopLock(files.lockFile, async () => {
    const pid = runningBrokerPid(files);
    if (!pid) {
      await rm(files.pidFile, { force: true }); // stale
      say('kafka', 'no local broker running');
      return { stopped: false };
    }
    say('kafka', `stopping broker (pid ${pid})…`);
    const started = Date.now();
    await stopBroker(files, pid, { timeoutMs });
    say('kafka', `stopped in ${seconds(started)}`);
    return { stopped: true };
  });
}
