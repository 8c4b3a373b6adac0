#!/usr/bin/env node
// Local single-node Apache Kafka (KRaft mode) for `npm run dev` and the tests.
//
// No Docker and no npm dependencies: the broker jars come from Maven Central (via
// scripts/kafka/pom.xml) into a per-user cache, and the broker runs as a detached
// `java` process whose data lives in <repo>/.data/kafka.
//
// Library use:  import { startKafka, stopKafka, ... } from './scripts/kafka/kafka.mjs'
// CLI use:      node scripts/kafka/kafka.mjs start|stop|status|ensure
//               [--port=9092] [--controller-port=PORT+1] [--data-dir=DIR]
//
// Environment:
//   KAFKA_BROKERS=host:port   use an existing broker instead of the local one
//   TODO_DAPR_CACHE           jar cache root (default ${XDG_CACHE_HOME:-~/.cache}/todo-dapr)
//   KAFKA_HEAP_OPTS, KAFKA_OPTS   extra JVM flags for the broker, as in Kafka's own scripts

import { spawn, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SetupError } from '../lib/console.mjs';

export const KAFKA_VERSION = '4.4.0';

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(SCRIPT_DIR, '..', '..');
const POM_FILE = path.join(SCRIPT_DIR, 'pom.xml');
const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data', 'kafka');
const HOST = '127.0.0.1';
const READINESS_TOPIC = '_readiness';
const LOG_TAIL_LINES = 40;

// Jars that must be present for a download to count as complete.
const REQUIRED_JARS = [
  `kafka_2.13-${KAFKA_VERSION}.jar`,
  `kafka-tools-${KAFKA_VERSION}.jar`,
  `kafka-clients-${KAFKA_VERSION}.jar`,
];
// Written into the libs dir last; holds the pom hash so a changed pom triggers a refresh.
const COMPLETE_MARKER = '.complete';

const log = (message) => console.log(`[kafka] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

// ---------------------------------------------------------------------------
// Installation (jar cache)
// ---------------------------------------------------------------------------

/** Cache root outside the clone, so every checkout and worktree shares one download. */
function cacheRoot() {
  if (process.env.TODO_DAPR_CACHE) return path.resolve(process.env.TODO_DAPR_CACHE);
  const xdgCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.resolve(xdgCache, 'todo-dapr');
}

function libsDir() {
  return path.join(cacheRoot(), `kafka-${KAFKA_VERSION}`, 'libs');
}

function pomHash() {
  return createHash('sha256').update(fs.readFileSync(POM_FILE)).digest('hex');
}

function isInstalled(libs, expectedHash) {
  try {
    return fs.readFileSync(path.join(libs, COMPLETE_MARKER), 'utf8').trim() === expectedHash;
  } catch {
    return false;
  }
}

/**
 * Makes sure the Kafka jars are in the cache and returns the libs directory.
 * Downloads them with Maven on first use (needs `java` and `mvn`).
 */
export async function ensureKafkaInstalled() {
  const libs = libsDir();
  const hash = pomHash();
  if (isInstalled(libs, hash)) return libs;

  await requireJava();
  await requireMaven();

  const versionDir = path.dirname(libs);
  await fsp.mkdir(versionDir, { recursive: true });
  await removeAbandonedDownloads(versionDir);

  // Download into a private temp dir and rename it into place only when complete,
  // so a killed download can never be mistaken for a finished one.
  const tmp = `${libs}.tmp-${process.pid}`;
  await fsp.rm(tmp, { recursive: true, force: true });
  const startedAt = Date.now();
  log(
    fs.existsSync(libs)
      ? `re-downloading the Kafka ${KAFKA_VERSION} jars (scripts/kafka/pom.xml changed or the cache is incomplete)…`
      : `downloading Apache Kafka ${KAFKA_VERSION} jars from Maven Central (first run only)…`,
  );
  try {
    await runMavenCopyDependencies(tmp);
    for (const jar of REQUIRED_JARS) {
      if (!fs.existsSync(path.join(tmp, jar)))
        throw new Error(`Maven finished but ${jar} is missing in ${tmp}`);
    }
    await fsp.writeFile(path.join(tmp, COMPLETE_MARKER), `${hash}\n`);
    await fsp.rm(libs, { recursive: true, force: true }); // an outdated copy, if any
    await moveIntoPlace(tmp, libs, hash);
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
  const { count, bytes } = await dirSize(libs);
  log(
    `downloaded ${count} jars (${(bytes / 1e6).toFixed(1)} MB) in ${seconds(Date.now() - startedAt)} to ${libs}`,
  );
  return libs;
}

async function moveIntoPlace(tmp, libs, hash) {
  try {
    await fsp.rename(tmp, libs);
  } catch (error) {
    // Another process finished the same download first: use its copy.
    if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || !isInstalled(libs, hash)) throw error;
  }
}

/** Deletes temp dirs left behind by downloads whose process is gone (e.g. Ctrl-C). */
async function removeAbandonedDownloads(versionDir) {
  for (const name of await fsp.readdir(versionDir)) {
    const match = /^libs\.tmp-(\d+)$/.exec(name);
    if (match && !isProcessAlive(Number(match[1]))) {
      await fsp.rm(path.join(versionDir, name), { recursive: true, force: true });
    }
  }
}

/** Runs `mvn dependency:copy-dependencies`, printing a progress line every few seconds. */
async function runMavenCopyDependencies(outputDir) {
  const args = [
    '-B',
    '-Dstyle.color=never',
    '-f',
    POM_FILE,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${outputDir}`,
  ];
  let files = 0;
  let bytes = 0;
  const onLine = (line) => {
    const match = /^\[INFO\] Downloaded from .*\(([\d.]+) (B|kB|MB|GB)/.exec(line);
    if (!match) return;
    files += 1;
    bytes += Number(match[1]) * { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 }[match[2]];
  };
  const timer = setInterval(() => {
    log(`  …still working: ${files} files (${(bytes / 1e6).toFixed(1)} MB) downloaded so far`);
  }, 5000);
  let result;
  try {
    result = await run('mvn', args, { cwd: SCRIPT_DIR, onLine, timeoutMs: 15 * 60_000 });
  } finally {
    clearInterval(timer);
  }
  if (result.code !== 0) {
    const lines = result.output.split('\n');
    const boilerplate =
      /^\[ERROR\]\s*$|Re-run Maven|re-run Maven|For more information|\[Help 1\] http/;
    const errors = lines.filter((line) => line.startsWith('[ERROR]') && !boilerplate.test(line));
    const detail = (errors.length ? errors : lines).slice(-20).join('\n');
    throw new SetupError(
      `Maven could not download the Kafka jars (exit code ${result.code}):\n${detail}`,
    );
  }
}

// ---------------------------------------------------------------------------
// Prerequisites
// ---------------------------------------------------------------------------

function javaCommand() {
  const javaHome = process.env.JAVA_HOME;
  const candidate = javaHome && path.join(javaHome, 'bin', 'java');
  return candidate && fs.existsSync(candidate) ? candidate : 'java';
}

let javaChecked;
/** Throws a one-line error unless Java 17+ is available; resolves to its `java -version` text. */
function requireJava() {
  javaChecked ??= (async () => {
    const java = javaCommand();
    const hint =
      'install it (apt-get install openjdk-17-jre-headless) or set KAFKA_BROKERS to an existing broker';
    let result;
    try {
      result = await run(java, ['-version']);
    } catch (error) {
      if (error.code === 'ENOENT')
        throw new SetupError(`Java 17+ is needed to run the local Kafka broker: ${hint}`);
      throw error;
    }
    const match = /version "(\d+)(?:\.(\d+))?/.exec(result.output);
    const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : NaN;
    if (!(major >= 17)) {
      throw new SetupError(
        `Java 17+ is needed to run the local Kafka broker but ${java} is Java ${major || '(unknown version)'}: ${hint}`,
      );
    }
    return result.output;
  })();
  javaChecked.catch(() => (javaChecked = undefined)); // re-check next time after a failure
  return javaChecked;
}

/** Throws a one-line error unless Maven is available (only needed for the first download). */
async function requireMaven() {
  try {
    await run('mvn', ['-v']);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    throw new SetupError(
      'Maven (mvn) is needed once to download the Kafka jars: install it (apt-get install maven) or set KAFKA_BROKERS to an existing broker',
    );
  }
}

// ---------------------------------------------------------------------------
// Broker lifecycle
// ---------------------------------------------------------------------------

function brokerFiles(dataDir) {
  return {
    dataDir,
    logDirs: path.join(dataDir, 'data'),
    serverProperties: path.join(dataDir, 'server.properties'),
    brokerLog4j: path.join(dataDir, 'log4j2.properties'),
    toolsLog4j: path.join(dataDir, 'log4j2-tools.properties'),
    logFile: path.join(dataDir, 'kafka.log'),
    pidFile: path.join(dataDir, 'kafka.pid'),
    lockFile: path.join(dataDir, 'kafka.lock'),
  };
}

/**
 * Starts the local broker (or reuses the one already running from dataDir) and
 * resolves once it accepts produce requests.
 * @returns {Promise<{ brokers: string, pid: number, dataDir: string, reused: boolean }>}
 */
export async function startKafka({
  port = 9092,
  controllerPort = port + 1, // 9093 by default; follows port so two brokers never collide
  dataDir = DEFAULT_DATA_DIR,
  readyTimeoutMs = 120_000,
} = {}) {
  const files = brokerFiles(path.resolve(dataDir));
  await fsp.mkdir(files.dataDir, { recursive: true });
  return withStartStopLock(files, () =>
    startLocked({ files, port, controllerPort, readyTimeoutMs }),
  );
}

async function startLocked({ files, port, controllerPort, readyTimeoutMs }) {
  const brokers = `${HOST}:${port}`;
  const running = runningBrokerPid(files);
  if (running) return reuseRunningBroker({ pid: running, files, port, readyTimeoutMs });
  await fsp.rm(files.pidFile, { force: true }); // stale

  await assertPortFree(port, 'broker');
  await assertPortFree(controllerPort, 'controller');
  const libs = await ensureKafkaInstalled();
  const javaVersion = await requireJava();

  await writeConfigFiles(files, { port, controllerPort });
  await formatStorageIfNeeded(files, libs);
  const cds = await prepareClassDataSharing(files, libs, javaVersion);

  log(`starting broker on ${brokers}…`);
  const startedAt = Date.now();
  const child = spawnBroker(files, libs, cds.jvmArgs);
  await fsp.writeFile(files.pidFile, `${child.pid}\n`);

  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  try {
    await waitUntilReady({
      brokers,
      libs,
      files,
      readyTimeoutMs,
      checkAlive: () => exited === null,
    });
  } catch (error) {
    // Capture the state first: stopping the broker changes both.
    const why = exited
      ? `exited (${exited.signal ?? `code ${exited.code}`}) before it was ready`
      : error.message;
    const tail = await logTail(files.logFile);
    // Never leave a half-started broker behind.
    await terminateProcessGroup(child.pid);
    await fsp.rm(files.pidFile, { force: true });
    await settlePendingCdsArchive(files, { keep: false });
    throw new SetupError(`Kafka broker on ${brokers} failed to start: ${why}\n${tail}`);
  }
  log(`ready in ${seconds(Date.now() - startedAt)} (pid ${child.pid}, logs in ${files.logFile})`);
  if (cds.training)
    log('(first start with these jars: recording a class archive, so later starts are faster)');
  if (cds.archive) await dropCdsArchiveIfRejected(files, cds.archive);
  return { brokers, pid: child.pid, dataDir: files.dataDir, reused: false };
}

async function reuseRunningBroker({ pid, files, port, readyTimeoutMs }) {
  const configuredPort = configuredBrokerPort(files);
  if (configuredPort !== port) {
    throw new SetupError(
      `The local Kafka broker (pid ${pid}) from ${files.dataDir} runs on port ${configuredPort}, not ${port}: stop it first (node scripts/kafka/kafka.mjs stop)`,
    );
  }
  const brokers = `${HOST}:${port}`;
  log(`reusing broker already running on ${brokers} (pid ${pid})`);
  const libs = await ensureKafkaInstalled();
  await requireJava();
  await writeToolsLog4j(files);
  try {
    await waitUntilReady({
      brokers,
      libs,
      files,
      readyTimeoutMs,
      checkAlive: () => isProcessAlive(pid),
    });
  } catch (error) {
    throw new SetupError(
      `The running Kafka broker on ${brokers} (pid ${pid}) is not answering: ${error.message}; ` +
        `restart it with: node scripts/kafka/kafka.mjs stop\n${await logTail(files.logFile)}`,
    );
  }
  return { brokers, pid, dataDir: files.dataDir, reused: true };
}

/**
 * Stops the local broker started from dataDir (SIGTERM, then SIGKILL after timeoutMs).
 * @returns {Promise<{ stopped: boolean }>}
 */
export async function stopKafka({ dataDir = DEFAULT_DATA_DIR, timeoutMs = 20_000 } = {}) {
  const files = brokerFiles(path.resolve(dataDir));
  if (!fs.existsSync(files.dataDir)) {
    log('no local broker running');
    return { stopped: false };
  }
  return withStartStopLock(files, () => stopLocked(files, timeoutMs));
}

async function stopLocked(files, timeoutMs) {
  const pid = runningBrokerPid(files);
  if (!pid) {
    await fsp.rm(files.pidFile, { force: true });
    log('no local broker running');
    return { stopped: false };
  }
  log(`stopping broker (pid ${pid})…`);
  const startedAt = Date.now();
  const exitedCleanly = await terminateProcessGroup(pid, timeoutMs);
  await fsp.rm(files.pidFile, { force: true });
  await settlePendingCdsArchive(files, { keep: exitedCleanly });
  log(`stopped in ${seconds(Date.now() - startedAt)}`);
  return { stopped: true };
}

/**
 * Reports whether the local broker from dataDir is running and accepting connections.
 * @returns {Promise<{ running: boolean, pid?: number, brokers?: string, accepting?: boolean, dataDir: string }>}
 */
export async function kafkaStatus({ dataDir = DEFAULT_DATA_DIR } = {}) {
  const files = brokerFiles(path.resolve(dataDir));
  const pid = runningBrokerPid(files);
  if (!pid) return { running: false, dataDir: files.dataDir };
  const port = configuredBrokerPort(files);
  const accepting = await canConnect(HOST, port, 1000);
  return { running: true, pid, brokers: `${HOST}:${port}`, accepting, dataDir: files.dataDir };
}

/**
 * Serialises start/stop across processes, e.g. `npm run dev` and jest starting at the
 * same moment, which would otherwise launch two brokers on one data dir.
 */
async function withStartStopLock(files, task) {
  const deadline = Date.now() + 300_000;
  let announced = false;
  for (;;) {
    try {
      await fsp.writeFile(files.lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await fsp.readFile(files.lockFile, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && !isProcessAlive(holder)) {
      await fsp.rm(files.lockFile, { force: true }); // left behind by a killed process
      continue;
    }
    if (Date.now() > deadline) {
      throw new SetupError(
        `gave up waiting for process ${holder} to finish starting or stopping Kafka (lock file ${files.lockFile})`,
      );
    }
    if (!announced)
      log(`waiting for process ${holder}, which is starting or stopping the local broker…`);
    announced = true;
    await sleep(250);
  }
  try {
    return await task();
  } finally {
    await fsp.rm(files.lockFile, { force: true });
  }
}

/** The pid from the pid file, if that process is still our broker (pids get reused). */
function runningBrokerPid(files) {
  let pid;
  try {
    pid = Number.parseInt(fs.readFileSync(files.pidFile, 'utf8'), 10);
  } catch {
    return undefined;
  }
  if (!(pid > 1) || !isProcessAlive(pid)) return undefined;
  const cmdline = processCommandLine(pid);
  return cmdline.includes('kafka.Kafka') && cmdline.includes(files.serverProperties)
    ? pid
    : undefined;
}

function configuredBrokerPort(files) {
  const text = fs.readFileSync(files.serverProperties, 'utf8');
  const match = /^advertised\.listeners=PLAINTEXT:\/\/[^:]+:(\d+)/m.exec(text);
  if (!match) throw new Error(`cannot find the broker port in ${files.serverProperties}`);
  return Number(match[1]);
}

// ---------------------------------------------------------------------------
// Configuration and storage
// ---------------------------------------------------------------------------

const escapeProperty = (value) => String(value).replace(/\\/g, '\\\\');

async function writeConfigFiles(files, { port, controllerPort }) {
  // Single node acting as both broker and KRaft controller, reachable on loopback only.
  // Replication factors are 1 because there is only one broker.
  const serverProperties = [
    '# Generated by scripts/kafka/kafka.mjs on every start: edit the script, not this file.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=${HOST}:${controllerPort}`,
    `listeners=PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${HOST}:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${escapeProperty(files.logDirs)}`,
    'num.partitions=3',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Consumers in dev/tests should get partitions immediately, not after 3 s.
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
  await fsp.writeFile(files.serverProperties, serverProperties);

  // The broker logs to stdout, which spawnBroker() redirects to kafka.log; that way
  // JVM errors printed before log4j starts end up in the same file.
  const brokerLog4j = [
    'status = warn',
    // Let Kafka log its own shutdown to the end (Kafka flushes on exit anyway).
    'shutdownHook = disable',
    'appender.out.type = Console',
    'appender.out.name = STDOUT',
    'appender.out.layout.type = PatternLayout',
    'appender.out.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.out.ref = STDOUT',
    // One line per request is far too chatty for a dev broker.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = warn',
    'logger.requestChannel.name = kafka.network.RequestChannel$',
    'logger.requestChannel.level = warn',
    '',
  ].join('\n');
  await fsp.writeFile(files.brokerLog4j, brokerLog4j);
  await writeToolsLog4j(files);
}

/** Console tools only need to report problems. */
async function writeToolsLog4j(files) {
  await fsp.mkdir(files.dataDir, { recursive: true });
  const toolsLog4j = [
    'status = warn',
    // Short-lived JVMs: log4j's own shutdown hook only produces a spurious warning.
    'shutdownHook = disable',
    'appender.err.type = Console',
    'appender.err.name = STDERR',
    'appender.err.target = SYSTEM_ERR',
    'appender.err.layout.type = PatternLayout',
    'appender.err.layout.pattern = %p %m (%c)%n',
    'rootLogger.level = warn',
    'rootLogger.appenderRef.err.ref = STDERR',
    '',
  ].join('\n');
  await fsp.writeFile(files.toolsLog4j, toolsLog4j);
}

/** KRaft storage must be formatted once with a cluster id before the first start. */
async function formatStorageIfNeeded(files, libs) {
  if (fs.existsSync(path.join(files.logDirs, 'meta.properties'))) return;
  // Anything here without meta.properties is an interrupted format: start clean.
  await fsp.rm(files.logDirs, { recursive: true, force: true });
  const clusterId = randomClusterId();
  log(`formatting new KRaft storage in ${files.logDirs} (cluster id ${clusterId})`);
  const result = await runJavaTool(
    libs,
    files,
    [
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '-t',
      clusterId,
      '-c',
      files.serverProperties,
    ],
    { timeoutMs: 60_000 },
  );
  if (result.code !== 0) {
    throw new SetupError(
      `formatting Kafka storage in ${files.logDirs} failed (exit code ${result.code}):\n${result.output.trim()}`,
    );
  }
}

/** Same format as Kafka's Uuid.randomUuid(): 16 random bytes, base64url, no padding. */
function randomClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // a leading '-' would read as a CLI flag
  }
}

function spawnBroker(files, libs, extraJvmArgs) {
  // Keep the previous run's log around for post-mortems.
  if (fs.existsSync(files.logFile)) fs.renameSync(files.logFile, `${files.logFile}.1`);
  const out = fs.openSync(files.logFile, 'w');
  const splitOpts = (value) => (value || '').split(/\s+/).filter(Boolean);
  const jvmArgs = [
    ...splitOpts(process.env.KAFKA_HEAP_OPTS || '-Xms256m -Xmx512m'),
    // C1-only JIT: starts in about half the CPU time; peak throughput is irrelevant for dev.
    '-XX:TieredStopAtLevel=1',
    ...extraJvmArgs,
    // Same GC settings as Kafka's own start scripts.
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    '-Djava.net.preferIPv4Stack=true', // we only listen on 127.0.0.1 anyway
    `-Dlog4j2.configurationFile=${files.brokerLog4j}`,
    `-Dkafka.logs.dir=${files.dataDir}`,
    ...splitOpts(process.env.KAFKA_OPTS), // last, so it can override any of the above
    '-cp',
    path.join(libs, '*'),
    'kafka.Kafka',
    files.serverProperties,
  ];
  try {
    // detached => own session and process group, so stopKafka() can signal the whole
    // group and Ctrl-C in the parent terminal does not kill the broker mid-write.
    const child = spawn(javaCommand(), jvmArgs, {
      cwd: files.dataDir,
      detached: true,
      stdio: ['ignore', out, out],
    });
    child.unref();
    return child;
  } finally {
    fs.closeSync(out);
  }
}

// ---------------------------------------------------------------------------
// Class-data sharing (faster broker start)
// ---------------------------------------------------------------------------
//
// Most of the broker's start time on a small machine is spent loading and verifying
// classes from ~45 MB of jars. The first start records the loaded classes in a CDS
// archive (the JVM writes it when the broker exits after `stop`); later starts map it,
// roughly halving the time to ready. The archive only fits one JVM build and one set
// of jars, so its name is keyed by both, and it lives next to the jar cache.

function cdsFiles(files, libs, javaVersion) {
  const marker = fs.readFileSync(path.join(libs, COMPLETE_MARKER), 'utf8');
  const key = createHash('sha256')
    .update(javaCommand())
    .update(javaVersion)
    .update(marker)
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(path.dirname(libs), 'cds');
  return {
    dir,
    archive: path.join(dir, `broker-${key}.jsa`),
    pending: path.join(files.dataDir, 'cds-pending.json'),
  };
}

/** Returns the JVM flags that use the archive, or record one if there is none yet. */
async function prepareClassDataSharing(files, libs, javaVersion) {
  await settlePendingCdsArchive(files, { keep: false }); // from a broker that was not stopped by us
  const { dir, archive, pending } = cdsFiles(files, libs, javaVersion);
  if (fs.existsSync(archive)) return { jvmArgs: [`-XX:SharedArchiveFile=${archive}`], archive };

  // Record into a temp file; stopKafka() renames it once the JVM has exited cleanly.
  await fsp.mkdir(dir, { recursive: true });
  const recording = `${archive}.tmp-${randomBytes(4).toString('hex')}`;
  await fsp.writeFile(pending, JSON.stringify({ recording, archive }));
  return {
    jvmArgs: [`-XX:ArchiveClassesAtExit=${recording}`, '-Xlog:cds=off,cds+dynamic=off'],
    training: true,
  };
}

/** After the broker exits: keep a freshly recorded archive, or throw it away. */
async function settlePendingCdsArchive(files, { keep }) {
  let pending;
  try {
    pending = JSON.parse(await fsp.readFile(path.join(files.dataDir, 'cds-pending.json'), 'utf8'));
  } catch {
    return;
  }
  if (keep && fs.existsSync(pending.recording)) {
    await fsp.rename(pending.recording, pending.archive);
  } else {
    await fsp.rm(pending.recording, { force: true });
  }
  await fsp.rm(path.join(files.dataDir, 'cds-pending.json'), { force: true });
}

/** The JVM silently falls back to no sharing on a mismatch; re-record next time instead. */
async function dropCdsArchiveIfRejected(files, archive) {
  const head = (await fsp.readFile(files.logFile, 'utf8')).slice(0, 64 * 1024);
  if (/\[(warning|error)\]\[cds/.test(head)) {
    log(
      'the class archive did not match this JVM or these jars; it will be re-recorded on the next start',
    );
    await fsp.rm(archive, { force: true });
  }
}

// ---------------------------------------------------------------------------
// Readiness
// ---------------------------------------------------------------------------

/**
 * Resolves once the broker accepts a produce request with acks=all.
 * An open port alone is not enough: the KRaft controller may not have elected itself yet.
 */
async function waitUntilReady({ brokers, libs, files, readyTimeoutMs, checkAlive }) {
  const deadline = Date.now() + readyTimeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    if (!checkAlive()) throw new Error('the broker process exited');
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      throw new Error(`not ready after ${seconds(readyTimeoutMs)}: ${lastProblem}`);

    // The probe is started without waiting for the port: its JVM warms up while the
    // broker boots, and the producer keeps reconnecting until the broker answers.
    const probe = await whileAlive(checkAlive, (signal) =>
      produceProbeRecord(libs, files, brokers, Math.min(remaining, 30_000), signal),
    );
    if (probe.ok) return;
    lastProblem = probe.problem;
    await sleep(500);
  }
}

/** Runs task(signal), aborting it as soon as checkAlive() turns false. */
async function whileAlive(checkAlive, task) {
  const controller = new AbortController();
  const watcher = setInterval(() => checkAlive() || controller.abort(), 250);
  try {
    return await task(controller.signal);
  } finally {
    clearInterval(watcher);
  }
}

/** Produces one record to the readiness topic (auto-created) with the console producer. */
async function produceProbeRecord(libs, files, brokers, budgetMs, signal) {
  const blockMs = Math.max(2000, budgetMs - 3000);
  // prettier-ignore
  const args = [
    'org.apache.kafka.tools.ConsoleProducer',
    '--bootstrap-server', brokers,
    '--topic', READINESS_TOPIC,
    '--sync',
    '--request-required-acks', 'all',
    '--max-block-ms', String(blockMs),
    '--request-timeout-ms', '5000',
    '--command-property', `delivery.timeout.ms=${Math.max(blockMs, 6000 + 1000)}`,
    // Retry quickly while the broker is still coming up.
    '--command-property', 'reconnect.backoff.max.ms=250',
    '--command-property', 'retry.backoff.max.ms=250',
  ];
  const result = await runJavaTool(libs, files, args, {
    input: `ready ${new Date().toISOString()}\n`,
    timeoutMs: blockMs + 15_000,
    signal,
  });
  if (result.code === 0) return { ok: true };
  const lines = result.output
    .trim()
    .split('\n')
    .filter((line) => /Exception|ERROR/.test(line));
  return {
    ok: false,
    problem: lines.at(-1)?.trim() || `console producer exit code ${result.code}`,
  };
}

/** Runs a short-lived Kafka CLI class; small heap and fast-start JIT flags. */
function runJavaTool(libs, files, args, options = {}) {
  const jvmArgs = [
    '-Xmx256m',
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Dlog4j2.configurationFile=${files.toolsLog4j}`,
    '-cp',
    path.join(libs, '*'),
    ...args,
  ];
  return run(javaCommand(), jvmArgs, { cwd: files.dataDir, ...options });
}

async function logTail(logFile, lines = LOG_TAIL_LINES) {
  let text;
  try {
    const handle = await fsp.open(logFile, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      text = buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return `(no broker log at ${logFile})`;
  }
  const tail = text.split('\n').filter(Boolean).slice(-lines).join('\n');
  return `--- last ${lines} lines of ${logFile} ---\n${tail}\n--- end of ${logFile} ---`;
}

// ---------------------------------------------------------------------------
// External broker (KAFKA_BROKERS)
// ---------------------------------------------------------------------------

/** The broker list from KAFKA_BROKERS, or undefined when the local broker should be used. */
export function brokerFromEnv() {
  const brokers = process.env.KAFKA_BROKERS?.trim();
  return brokers || undefined;
}

/** Throws a one-line error unless the first broker in the list accepts TCP connections. */
export async function assertBrokerReachable(brokers, { timeoutMs = 3000 } = {}) {
  const first = String(brokers)
    .split(',')[0]
    .trim()
    .replace(/^[A-Za-z_]+:\/\//, '');
  const [host, port] = splitHostPort(first);
  const problem = await connectProblem(host, port, timeoutMs);
  if (problem) {
    throw new SetupError(
      `Kafka broker at ${first} is not reachable (${problem}): start it or unset KAFKA_BROKERS to use the local one`,
    );
  }
}

function splitHostPort(address) {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!match)
    throw new SetupError(
      `Kafka broker addresses must look like host:port (check KAFKA_BROKERS), got "${address}"`,
    );
  return [match[1], Number(match[2])];
}

// ---------------------------------------------------------------------------
// Network and process helpers
// ---------------------------------------------------------------------------

/** Resolves to undefined if host:port accepts a TCP connection, else to a short reason. */
function connectProblem(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (problem) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => finish(undefined));
    socket.once('error', (error) => finish(error.code || error.message));
  });
}

async function canConnect(host, port, timeoutMs) {
  return (await connectProblem(host, port, timeoutMs)) === undefined;
}

/** Fails fast with a clear message instead of letting Kafka die on a bind error. */
function assertPortFree(port, role) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error) => {
      if (error.code !== 'EADDRINUSE') return reject(error);
      const advice =
        role === 'broker'
          ? `stop that process, or set KAFKA_BROKERS=${HOST}:${port} to use the broker running there`
          : 'stop that process, or use another controller port (controllerPort, or --controller-port on the CLI)';
      reject(
        new Error(
          `Port ${port} on ${HOST} (Kafka ${role} port) is already in use by another process: ${advice}`,
        ),
      );
    });
    server.listen({ host: HOST, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  return !isZombie(pid);
}

/** An exited process nobody has reaped yet (e.g. when PID 1 does not reap orphans). */
function isZombie(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false; // no /proc (macOS): kill(pid, 0) already answered
  }
}

function processCommandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return '';
    }
  }
}

/** Whether any live process is left in the process group led by pid. */
function processGroupAlive(pid) {
  try {
    process.kill(-pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  // The group still exists; if its only member is an unreaped leader, it is done.
  return !isZombie(pid) || groupHasOtherMembers(pid);
}

function groupHasOtherMembers(pgid) {
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === pgid) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    }
  } catch {
    // Processes come and go while we scan; treat the group as gone.
  }
  return false;
}

function signalProcessGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

async function waitForProcessGroupExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (processGroupAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(200);
  }
  return true;
}

/**
 * SIGTERM (Kafka shuts down cleanly), then SIGKILL if it takes too long.
 * Resolves to true if the broker exited on SIGTERM.
 */
async function terminateProcessGroup(pid, timeoutMs = 20_000) {
  signalProcessGroup(pid, 'SIGTERM');
  if (await waitForProcessGroupExit(pid, timeoutMs)) return true;
  log(`broker did not stop within ${seconds(timeoutMs)}: killing it`);
  signalProcessGroup(pid, 'SIGKILL');
  if (!(await waitForProcessGroupExit(pid, 5000))) {
    throw new Error(`could not kill the Kafka broker process group ${pid}`);
  }
  return false;
}

/**
 * Runs a command and collects its combined output. Rejects only if it cannot be
 * started (error.code === 'ENOENT' when missing); otherwise resolves with the exit code.
 */
function run(command, args, { cwd, input, timeoutMs = 60_000, onLine, signal } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      signal,
      killSignal: 'SIGKILL',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let partial = '';
    const collect = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (output.length > 1_000_000) output = output.slice(-500_000);
      if (!onLine) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop();
      lines.forEach(onLine);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      if (error.name === 'AbortError') return; // killed on purpose; 'close' reports it
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, output });
    });
    child.stdin.on('error', () => {}); // the tool may exit before reading stdin
    child.stdin.end(input ?? '');
  });
}

async function dirSize(dir) {
  let count = 0;
  let bytes = 0;
  for (const name of await fsp.readdir(dir)) {
    if (!name.endsWith('.jar')) continue;
    count += 1;
    bytes += (await fsp.stat(path.join(dir, name))).size;
  }
  return { count, bytes };
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

const USAGE = `usage: node scripts/kafka/kafka.mjs <start|stop|status|ensure> [--port=9092] [--controller-port=PORT+1] [--data-dir=DIR]

  start   start the local broker (or reuse a running one) and wait until it is ready;
          with KAFKA_BROKERS set, only check that broker is reachable
  stop    stop the local broker
  status  print whether the local broker is running (exit code 3 if not)
  ensure  download the Kafka jars into the cache if needed`;

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'controller-port': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const options = {
    ...(values.port && { port: Number(values.port) }),
    ...(values['controller-port'] && { controllerPort: Number(values['controller-port']) }),
    ...(values['data-dir'] && { dataDir: values['data-dir'] }),
  };
  const [command] = positionals;
  switch (command) {
    case 'start': {
      const external = brokerFromEnv();
      if (external) {
        await assertBrokerReachable(external);
        log(`KAFKA_BROKERS=${external} is reachable; not starting a local broker`);
        return 0;
      }
      const { brokers } = await startKafka(options);
      log(`broker: ${brokers}`);
      return 0;
    }
    case 'stop':
      await stopKafka(options);
      return 0;
    case 'status': {
      const status = await kafkaStatus(options);
      if (!status.running) {
        log(`not running (data dir ${status.dataDir})`);
        return 3;
      }
      const answer = status.accepting ? 'accepting connections' : 'NOT accepting connections yet';
      log(`running: pid ${status.pid}, ${status.brokers} (${answer}), data dir ${status.dataDir}`);
      return status.accepting ? 0 : 1;
    }
    case 'ensure': {
      const libs = await ensureKafkaInstalled();
      log(`Kafka ${KAFKA_VERSION} jars are in ${libs}`);
      return 0;
    }
    default:
      console.error(USAGE);
      return values.help ? 0 : 2;
  }
}

function invokedAsScript() {
  if (!process.argv[1]) return false;
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedAsScript()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`[kafka] ${error.message}`);
      process.exit(1);
    },
  );
}
