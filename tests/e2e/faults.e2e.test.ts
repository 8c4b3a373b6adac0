import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { call } from './support/http';
import { crash, pidOf, restart } from './support/restart';
import { eventually, runningSystem } from './support/system';
import { todoEventsOf } from './support/todo-topic';
import { newUserSession } from './support/users';

const run = promisify(execFile);
const system = runningSystem();
const api = system.apps['todo-api'].url;
const brokersScript = join(__dirname, '..', '..', 'scripts', 'brokers', 'brokers.mjs');
/** Stops or starts the run's broker, whichever PUBSUB chose, on the same data. */
const broker = (command: 'start' | 'stop') =>
  run(process.execPath, [brokersScript, command, `--data-dir=${system.pubsub.dataDir ?? ''}`]);

describe('faults', () => {
  it('a write acknowledged just before todo-api is killed still yields its event, once', async () => {
    const { profile, token } = await newUserSession();

    const created = await call(`${api}/todos`, { token, body: { title: 'survives the crash' } });
    crash(await pidOf('todo-api'));
    await restart('todo-api');

    expect(created.status).toBe(201);
    const events = await todoEventsOf(profile.id, token);
    expect(events.filter((m) => m.value.id === `${created.body.id}:1:todo_created`)).toHaveLength(
      1,
    );
  });

  it('with the broker stopped, a write answers 503 quickly, changes nothing, and never yields an event', async () => {
    const { profile, token } = await newUserSession();
    const before = await call(`${api}/todos`, { token, body: { title: 'before the outage' } });
    await broker('stop');
    let failed: Awaited<ReturnType<typeof call>>;
    let elapsedMs: number;
    try {
      const started = Date.now();
      failed = await call(`${api}/todos`, { token, body: { title: 'written during the outage' } });
      elapsedMs = Date.now() - started;
      const list = await call(`${api}/todos`, { token });

      expect(failed.status).toBe(503);
      expect(failed.body.code).toBe('DAPR.UNAVAILABLE');
      expect(failed.headers.get('retry-after')).toBeTruthy();
      expect(list.body.map((t: { title: string }) => t.title)).toEqual(['before the outage']);
    } finally {
      await broker('start');
    }
    // The sidecar reconnects on its own; wait until writes go through again.
    await eventually(
      'writes to work again',
      async () =>
        (await call(`${api}/todos`, { token, body: { title: 'after' } })).status === 201
          ? true
          : undefined,
      120_000,
    );

    const events = await todoEventsOf(profile.id, token);
    const titles = events.map((m) => (m.value.data as { todo?: { title?: string } }).todo?.title);
    expect(before.status).toBe(201);
    expect(titles).toContain('before the outage');
    // A known defect, pinned so that it shows when a component upgrade fixes it: JetStream's
    // component publishes through nats.go, which keeps a publish made while it reconnects
    // and sends it once the server is back, after daprd gave up on it and todo-api rolled
    // the write back (README, "Swapping the broker"). Every other broker never sends it.
    const sentAnyway = system.pubsub.broker === 'jetstream';
    expect(titles.includes('written during the outage')).toBe(sentAnyway);
    // Reported, not asserted: speed lives in the benchmarks.
    process.stdout.write(`503 with ${system.pubsub.broker} down answered in ${elapsedMs} ms\n`);
  });
});
