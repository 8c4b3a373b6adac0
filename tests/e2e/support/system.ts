import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSidecar } from '@todo-dapr/platform';

export interface PubsubBroker {
  broker: 'kafka' | 'redis' | 'rabbitmq' | 'jetstream';
  /** Kafka's bootstrap servers, Redis' host:port, or an amqp:// or nats:// URL. */
  address: string;
  /** What `node scripts/brokers/brokers.mjs stop|start --data-dir=…` takes. */
  dataDir?: string;
  /** RabbitMQ: the stream queue bound to each topic (support/rabbitmq-taps.mjs). */
  tapQueues?: Record<string, string>;
  /** The schema registry (Confluent API) events are framed with, when the run has one. */
  registry?: string;
}

interface RunningApp {
  url: string;
  sidecarUrl: string;
  logs: { app: string; daprd: string };
  appPid: number;
  daprdPid: number;
  start: { command: string[]; cwd: string; env: Record<string, string> };
  /** How much the sidecar had logged when global-setup finished (after a short idle). */
  startupLogBytes: number;
}

/** How to start one process as global-setup would. */
interface ProcessStart {
  command: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface RunningSystem {
  runDir: string;
  /** The one public origin: web's public port. */
  origin: string;
  /** A second web replica and its sidecar, on other ports, for a test to start. */
  webReplica: { url: string; app: ProcessStart; sidecar: ProcessStart };
  /** The pub/sub broker, as tests/e2e/support/broker-tap.ts reads and writes it. */
  pubsub: PubsubBroker;
  /** The schema registry (ccompat base): absent with REGISTRY=off or a broker other than Kafka. */
  registry?: { url: string; dataDir: string };
  /** The `st` command of the pinned schemathesis (scripts/schemathesis). */
  schemathesis: string;
  appApiToken: string;
  /** What the apps send their sidecars as `dapr-api-token`. */
  daprApiToken: string;
  sentry: { address: string; healthzPort: number };
  /** The process that started the system: every process of it descends from this one. */
  setupPid: number;
  /** The development SMTP server: mail lands in `<dir>/messages`. */
  mail: { port: number; dir: string };
  /** todo-api on other state stores, by store. */
  storeVariants: Record<
    'postgresql' | 'redis',
    { url: string; sidecarUrl: string; pids: number[] }
  >;
  apps: Record<'auth' | 'todo-api' | 'subscriber' | 'web', RunningApp>;
}

/** What global-setup started: addresses, pids and log files of every app and sidecar. */
export function runningSystem(): RunningSystem {
  const file = join(__dirname, '..', '..', '..', '.data', 'e2e', 'system.json');
  return JSON.parse(readFileSync(file, 'utf8')) as RunningSystem;
}

/** Polls `probe` until it returns a value, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A client of one app's sidecar that authenticates as that app does (DAPR_API_TOKEN). */
export function sidecarOf(app: keyof RunningSystem['apps']) {
  const system = runningSystem();
  return createSidecar({
    host: '127.0.0.1',
    httpPort: Number(new URL(system.apps[app].sidecarUrl).port),
    apiToken: system.daprApiToken,
    timeoutMs: 5000,
    // As the apps publish: through the registry when the run has one. A JSON message on an
    // Avro topic would stall its partition (docs/events.md).
    eventSchemaType: system.pubsub.registry ? 'Avro' : undefined,
  });
}

/** fetch() to a sidecar's HTTP API with the apps' `dapr-api-token`. */
export function sidecarFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('dapr-api-token', runningSystem().daprApiToken);
  return fetch(url, { ...init, headers });
}
