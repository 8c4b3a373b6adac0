// Starting the local broker, or reusing the one that already runs from the same data dir.
import { mkdir, writeFile } from 'node:fs/promises';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { isProcessAlive } from '../lib/pids.mjs';
import { assertPortsFree } from '../lib/ports.mjs';
import { logTail, runningBrokerPid, spawnBroker, stopBroker } from './broker-process.mjs';
import { dropArchiveIfRejected, prepareClassDataSharing } from './class-data-sharing.mjs';
import { ensureKafkaInstalled } from './install.mjs';
import { requireJava } from './java.mjs';
import { waitUntilReady } from './readiness.mjs';
import {
  brokerFiles,
  configuredBrokerPort,
  defaultDataDir,
  formatStorageIfNeeded,
  HOST,
  writeServerProperties,
} from './server-config.mjs';
import { withStartStopLock } from '../lib/start-stop-lock.mjs';

const stopCommand = (files) => `node scripts/kafka/kafka.mjs stop --data-dir=${files.dataDir}`;

/**
 * Starts the local broker, or reuses the one already running from dataDir, and resolves once
 * it accepts records.
 * @returns {Promise<{ brokers: string, pid: number, dataDir: string, reused: boolean }>}
 */
export async function startKafka({
  port = 9092,
  controllerPort = port + 1, // follows port, so that two brokers never collide
  dataDir = defaultDataDir,
  readyTimeoutMs = 120_000,
} = {}) {
  const files = brokerFiles(dataDir);
  await mkdir(files.dataDir, { recursive: true });
  return withStartStopLock(files.lockFile, () => {
    const pid = runningBrokerPid(files);
    return pid
      ? reuseRunningBroker({ files, pid, port, readyTimeoutMs })
      : startNewBroker({ files, port, controllerPort, readyTimeoutMs });
  });
}

async function startNewBroker({ files, port, controllerPort, readyTimeoutMs }) {
  const brokers = `${HOST}:${port}`;
  await assertPortsFree(
    [{ port, what: 'Kafka broker' }],
    `or set KAFKA_BROKERS=${brokers} to use the broker that runs there`,
  );
  await assertPortsFree(
    [{ port: controllerPort, what: 'Kafka controller' }],
    'or choose another controller port (--controller-port)',
  );
  const libs = await ensureKafkaInstalled();
  const javaVersion = await requireJava();
  await writeServerProperties(files, { port, controllerPort });
  await formatStorageIfNeeded(files, libs);
  const classDataSharing = await prepareClassDataSharing(files, libs, javaVersion);

  say('kafka', `starting broker on ${brokers}…`);
  const started = Date.now();
  const broker = spawnBroker(files, libs, classDataSharing.jvmArgs);
  await writeFile(files.pidFile, `${broker.pid}\n`);
  let exit;
  broker.once('exit', (code, signal) => (exit = signal ?? `code ${code}`));
  try {
    await waitUntilReady({
      brokers,
      timeoutMs: readyTimeoutMs,
      isAlive: () => exit === undefined,
    });
  } catch (error) {
    // Read the log first: stopping the broker adds to it.
    const why = exit ? `it exited (${exit}) before it was ready` : error.message;
    const tail = logTail(files);
    await stopBroker(files, broker.pid, { keepRecordedArchive: false });
    throw new SetupError(`The Kafka broker on ${brokers} failed to start: ${why}\n${tail}`);
  }
  say('kafka', `ready in ${seconds(started)} (pid ${broker.pid}, logs in ${files.logFile})`);
  if (classDataSharing.recording) {
    say('kafka', '(first start with these jars: recording a class archive for faster starts)');
  }
  if (classDataSharing.archive) await dropArchiveIfRejected(files, classDataSharing.archive);
  return { brokers, pid: broker.pid, dataDir: files.dataDir, reused: false };
}

async function reuseRunningBroker({ files, pid, port, readyTimeoutMs }) {
  const runningPort = configuredBrokerPort(files);
  if (runningPort !== port) {
    throw new SetupError(
      `The local Kafka broker from ${files.dataDir} (pid ${pid}) runs on port ${runningPort}, not ${port}: stop it first (${stopCommand(files)})`,
    );
  }
  const brokers = `${HOST}:${port}`;
  say('kafka', `reusing the broker already running on ${brokers} (pid ${pid})`);
  try {
    await waitUntilReady({
      brokers,
      timeoutMs: readyTimeoutMs,
      isAlive: () => isProcessAlive(pid),
    });
  } catch (error) {
    throw new SetupError(
      `The running Kafka broker on ${brokers} (pid ${pid}) is not answering: ${error.message}; stop it (${stopCommand(files)}) and start again\n${logTail(files)}`,
    );
  }
  return { brokers, pid, dataDir: files.dataDir, reused: true };
}
