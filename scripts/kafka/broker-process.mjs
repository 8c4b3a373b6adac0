// The broker JVM: started detached with its output in kafka.log, found again by its pid file.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { say } from '../lib/console.mjs';
import { commandLineOf, isProcessAlive, terminateProcessGroup } from '../lib/pids.mjs';
import { settleRecordedArchive } from './class-data-sharing.mjs';
import { javaCommand } from './java.mjs';

const brokerLog4j = fileURLToPath(new URL('log4j2-broker.properties', import.meta.url));
const splitFlags = (value) => value.split(/\s+/).filter(Boolean);

/** Starts `kafka.Kafka` in its own process group; it keeps running after we exit. */
export function spawnBroker(files, libs, classDataSharingArgs) {
  // Keep the previous run's log for post-mortems.
  if (existsSync(files.logFile)) renameSync(files.logFile, `${files.logFile}.1`);
  const jvmArgs = [
    ...splitFlags(process.env.KAFKA_HEAP_OPTS || '-Xms256m -Xmx512m'),
    // C1-only JIT: about half the CPU time to start; peak throughput does not matter in dev.
    '-XX:TieredStopAtLevel=1',
    ...classDataSharingArgs,
    // The GC settings of Kafka's own start scripts.
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    '-Djava.net.preferIPv4Stack=true', // it listens on 127.0.0.1 only
    `-Dlog4j2.configurationFile=${brokerLog4j}`,
    ...splitFlags(process.env.KAFKA_OPTS ?? ''), // last, so that they override the above
    '-cp',
    join(libs, '*'),
    'kafka.Kafka',
    files.serverProperties,
  ];
  const log = openSync(files.logFile, 'w');
  try {
    // Own session and process group: stopping signals the whole group, and Ctrl-C in the
    // terminal that started it cannot kill it halfway through a write.
    const broker = spawn(javaCommand(), jvmArgs, {
      cwd: files.dataDir,
      detached: true,
      stdio: ['ignore', log, log],
    });
    broker.unref();
    return broker;
  } finally {
    closeSync(log);
  }
}

/** The pid in the pid file, if that process still is our broker (pids get reused). */
export function runningBrokerPid(files) {
  let pid;
  try {
    pid = Number.parseInt(readFileSync(files.pidFile, 'utf8'), 10);
  } catch {
    return undefined;
  }
  if (!(pid > 1) || !isProcessAlive(pid)) return undefined;
  const commandLine = commandLineOf(pid);
  const isOurs =
    commandLine.includes('kafka.Kafka') && commandLine.includes(files.serverProperties);
  return isOurs ? pid : undefined;
}

/** SIGTERM, then SIGKILL after timeoutMs; keeps a recorded class archive only after a clean stop. */
export async function stopBroker(
  files,
  pid,
  { timeoutMs = 20_000, keepRecordedArchive = true } = {},
) {
  const exitedCleanly = await terminateProcessGroup(pid, timeoutMs);
  if (!exitedCleanly) {
    say('kafka', `the broker did not stop within ${timeoutMs / 1000} s: killed it`);
  }
  await rm(files.pidFile, { force: true });
  await settleRecordedArchive(files, { keep: exitedCleanly && keepRecordedArchive });
}

/** The end of the broker's log, to show why it failed. */
export function logTail(files, lineCount = 40) {
  if (!existsSync(files.logFile)) return `(no broker log at ${files.logFile})`;
  const lines = readFileSync(files.logFile, 'utf8').split('\n').filter(Boolean);
  return [
    `--- last ${lineCount} lines of ${files.logFile} ---`,
    ...lines.slice(-lineCount),
    `--- end of ${files.logFile} ---`,
  ].join('\n');
}
