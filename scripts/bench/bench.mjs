// `npm run bench [-- scenario …]`: starts the whole system (ports of dapr.yaml + 2000, data in
// .data/bench), measures, and writes BENCHMARKS.md with the machine, the command and the
// numbers. Scenarios: login, create, latency, growth, subscriber (default: all), and brokers
// (the system once per broker; only when named).
import { runMain, say } from '../lib/console.mjs';
import { machine } from '../lib/machine.mjs';
import { startBenchSystem } from './bench-system.mjs';
import { brokersBench } from './brokers.mjs';
import { createThroughput } from './create-throughput.mjs';
import { eventLatency } from './event-latency.mjs';
import { growth } from './growth.mjs';
import { sessions } from './http.mjs';
import { loginLatency } from './login-latency.mjs';
import { ms } from './measure.mjs';
import { namesOf, OTHERS } from './process-cpu.mjs';
import { subscriberBacklog } from './subscriber-backlog.mjs';
import { subscriberCrash } from './subscriber-crash.mjs';
import { visibleLatency } from './visible-latency.mjs';
import { writeTop } from './sections.mjs';

const SCENARIOS = ['login', 'create', 'latency', 'growth', 'subscriber'];

const loadRow = (name, r) =>
  `| ${name} | ${r.requests} | ${r.failures} | ${r.perSecond.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p99)} |`;
const LOAD_HEADER = [
  '| run | requests | failed | per second | p50 | p99 |',
  '|---|---|---|---|---|---|',
];

runMain(async () => {
  const asked = process.argv.slice(2);
  // `brokers` runs the system once per broker: only when asked for.
  if (asked.includes('brokers')) process.stdout.write(`${await brokersBench()}\n`);
  const chosen = asked.length > 0 ? asked.filter((s) => s !== 'brokers') : SCENARIOS;
  if (chosen.length === 0) return;
  const { runDir, system } = await startBenchSystem();
  const app = (id) => system.apps.find((a) => a.appId === id);
  const report = [
    '# Benchmarks',
    '',
    `Machine: ${machine()}.`,
    `Command: \`npm run bench${process.argv.length > 2 ? ` -- ${chosen.join(' ')}` : ''}\` (${new Date().toISOString()}).`,
    'Everything runs on this one machine: Kafka, four services (web included, though the load goes to todo-api and auth directly), their sidecars and the load generator.',
  ];
  try {
    const users = chosen.some((s) => s !== 'login') ? await sessions(app('auth').url, 100) : [];
    if (chosen.includes('login')) {
      say('bench', 'login latency…');
      const login = await loginLatency(app('auth').url);
      report.push(
        '',
        '## Login (POST /auth/login, scrypt N=2^14 r=8 p=5 included)',
        '',
        ...LOAD_HEADER,
      );
      report.push(
        loadRow('1 at a time', login.sequential),
        loadRow('8 in parallel', login.concurrent),
      );
    }
    if (chosen.includes('create')) {
      say('bench', 'create throughput (2 × 5 s warm-up + 30 s)…');
      const create = await createThroughput({
        apiUrl: app('todo-api').url,
        users,
        named: namesOf(system.apps),
      });
      report.push(
        '',
        `## Create throughput (POST /todos, ${create.concurrency} in flight, ${create.seconds} s after a ${create.warmupSeconds} s warm-up, 100 users)`,
        '',
        ...LOAD_HEADER,
      );
      report.push(
        loadRow('full path: store + event', create.full),
        loadRow('ceiling: no-op route', create.ceiling),
      );
      const ours = create.cpu.filter((r) => r.name !== OTHERS);
      const others = create.cpu.find((r) => r.name === OTHERS);
      report.push(
        '',
        `Full path / ceiling: ${((100 * create.full.perSecond) / create.ceiling.perSecond).toFixed(0)} %.`,
        '',
        'CPU of the full-path run by process, from `/proc` (200 % is both cores):',
        '',
        '| process | CPU | per create |',
        '|---|---|---|',
        ...ours.map(
          (r) => `| ${r.name} | ${r.percent.toFixed(0)} % | ${r.perRequest.toFixed(2)} ms |`,
        ),
        `| all | ${ours.reduce((sum, r) => sum + r.percent, 0).toFixed(0)} % | ${ours.reduce((sum, r) => sum + r.perRequest, 0).toFixed(2)} ms |`,
        '',
        `Processes not started by the bench used ${(others?.percent ?? 0).toFixed(0)} % meanwhile; more than a few % make the numbers above lower than on a quiet machine.`,
      );
    }
    if (chosen.includes('latency')) {
      say('bench', 'event latency, light traffic: 1 write/s for 60 s…');
      const light = await visibleLatency({
        apiUrl: app('todo-api').url,
        statsUrl: app('subscriber').url,
        user: users[0],
      });
      report.push(
        '',
        '## Event latency, light traffic (1 create/s for 60 s, one user; until `GET /stats` counts it)',
        '',
        '| samples | first | p50 | p99 | max | from ack p50 | from ack p99 |',
        '|---|---|---|---|---|---|---|',
        `| ${light.samples} | ${ms(light.first)} | ${ms(light.p50)} | ${ms(light.p99)} | ${ms(light.max)} | ${ms(light.fromAckP50)} | ${ms(light.fromAckP99)} |`,
        '',
        'Measured from the moment the request left the client, every sample counted, the first after start included. "From ack": from the 201, which can come after the stats already count the todo.',
      );
      report.push(
        '',
        '## Event latency, heavy traffic (write → processed by the subscriber, 60 s at each rate)',
        '',
        '| target | achieved | acknowledged | failed | lost | duplicated | from ack p50 | from ack p99 | from send p50 | from send p99 |',
        '|---|---|---|---|---|---|---|---|---|---|',
      );
      const notes = [];
      for (const rate of [100, 500]) {
        say('bench', `event latency at ${rate} writes/s (60 s)…`);
        const r = await eventLatency({
          apiUrl: app('todo-api').url,
          subscriberSidecar: {
            url: app('subscriber').sidecarUrl,
            apiToken: system.env.DAPR_API_TOKEN,
          },
          brokers: system.brokers,
          registry: system.env.SCHEMA_REGISTRY_URL,
          users,
          rate,
          seconds: 60,
        });
        report.push(
          `| ${r.rate}/s | ${r.achievedRate.toFixed(0)}/s | ${r.acknowledged} | ${r.failures} | ${r.lost} | ${r.onTopic.duplicates} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.fromSendP50)} | ${ms(r.fromSendP99)} |`,
        );
        if (r.errors) notes.push(`At ${r.rate}/s the failed writes were: ${r.errors}.`);
      }
      report.push(
        '',
        ...notes,
        'Lost: acknowledged writes whose event the subscriber had not processed 30 s after the run. Duplicated: extra copies of an acknowledged event on the topic, counted with a Kafka client (the subscriber dedupes by CloudEvent id either way).',
        'todo-api publishes before it answers, so the subscriber often has the event before the client has its 201: "from ack" can be 0 or below. "From send" counts from the moment the request left the client.',
      );
    }
    if (chosen.includes('growth')) {
      say('bench', 'growth (seeding one user to 10,000 todos)…');
      const rows = await growth({ apiUrl: app('todo-api').url, user: users[0] });
      report.push(
        '',
        '## Growth (one user; list = GET /todos?limit=100, create = POST /todos; 50 calls each)',
        '',
      );
      report.push(
        '| todos | list p50 | list p99 | create p50 | create p99 |',
        '|---|---|---|---|---|',
      );
      for (const r of rows)
        report.push(
          `| ${r.size} | ${ms(r.list.p50)} | ${ms(r.list.p99)} | ${ms(r.create.p50)} | ${ms(r.create.p99)} |`,
        );
    }
    if (chosen.includes('subscriber')) {
      say('bench', 'subscriber: a backlog of 10,000 events…');
      const backlog = await subscriberBacklog({ system, runDir });
      report.push(
        '',
        '## Subscriber: working off a backlog',
        '',
        'The subscriber (app and sidecar) is stopped, 10,000 `todo_created` events for 100 users are written to `todos` with a Kafka client, in the shape todo-api publishes, and the subscriber is started again. The sidecar delivers up to 100 events of a partition at a time (bulk subscription); the subscriber applies each delivery with one bulk read and one state transaction (counters and todo facts) through the sidecar.',
        '',
        '| events | processed | start until ready | drain time | events/s |',
        '|---|---|---|---|---|',
        `| ${backlog.total} | ${backlog.processed} | ${backlog.startSeconds.toFixed(1)} s | ${backlog.drainSeconds.toFixed(1)} s | ${backlog.perSecond.toFixed(0)} |`,
      );
      say('bench', 'subscriber: kill -9 during a stream of writes…');
      const crash = await subscriberCrash({ system, users });
      report.push(
        '',
        '## Subscriber: redelivery after a crash',
        '',
        '50 creates/s through todo-api for 30 s; halfway, the subscriber app is killed with SIGKILL and started again at once (its sidecar stays up and redelivers).',
        '',
        '| acknowledged | lost | restart until ready | first event after ready | events acknowledged while down | their ack → processed p50 | max |',
        '|---|---|---|---|---|---|---|',
        `| ${crash.acknowledged} | ${crash.lost} | ${ms(crash.restartMs)} | ${ms(crash.resumedAfterReadyMs)} | ${crash.outageEvents} | ${ms(crash.outageP50)} | ${ms(crash.outageMax)} |`,
      );
    }
    const text = `${report.join('\n')}\n`;
    writeTop(text);
    process.stdout.write(text);
  } finally {
    await system.stop();
  }
});
