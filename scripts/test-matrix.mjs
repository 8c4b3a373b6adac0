// `npm run test:matrix [-- cell …]`: the e2e suite once per cell, on every broker with SQLite
// and on Kafka with every store, one cell after another (they share the e2e ports). Prints a
// table of cells with pass/fail, test counts and durations; exits 1 if any cell failed.
//   npm run test:matrix -- kafka/postgresql redis/sqlite     only these cells
//   npm run test:matrix -- --without kafka/sqlite            all but these (CI: npm test ran it)
//   npm run test:matrix -- kafka/sqlite/registry-off         Kafka without the schema registry
import { join } from 'node:path';
import { execa } from 'execa';
import { BROKERS } from './brokers/brokers.mjs';
import { parseCommandLine, runMain, say, SetupError } from './lib/console.mjs';
import { repoRoot } from './lib/paths.mjs';
import { STORES } from './stores/stores.mjs';

const CELLS = [
  ...BROKERS.map((broker) => ({ broker, store: 'sqlite' })),
  ...STORES.filter((store) => store !== 'sqlite').map((store) => ({ broker: 'kafka', store })),
  // Kafka without the schema registry (REGISTRY=off): JSON CloudEvents on the topics.
  { broker: 'kafka', store: 'sqlite', registry: 'off' },
];
const nameOf = (cell) =>
  `${cell.broker}/${cell.store}${cell.registry ? `/registry-${cell.registry}` : ''}`;
const jestBin = join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');

/** Runs the e2e suite on one cell; resolves to its outcome, printing its output as it goes. */
async function runCell(cell) {
  const started = performance.now();
  const { exitCode, stderr } = await execa(
    process.execPath,
    [jestBin, '--selectProjects', 'e2e', '--runInBand'],
    {
      cwd: repoRoot,
      env: {
        PUBSUB: cell.broker,
        STORE: cell.store,
        ...(cell.registry && { REGISTRY: cell.registry }),
      },
      stdin: 'ignore',
      stdout: 'inherit',
      stderr: ['inherit', 'pipe'], // jest's summary is on stderr
      reject: false,
    },
  );
  const tests = /^Tests:\s+(.+)$/m.exec(stderr)?.[1] ?? 'no summary';
  const failed = [...stderr.matchAll(/^FAIL e2e (\S+)/gm)].map((m) => m[1]);
  const seconds = (performance.now() - started) / 1000;
  return { cell, passed: exitCode === 0, tests, failed, seconds };
}

runMain(async () => {
  const {
    values: { without },
    positionals: named,
  } = parseCommandLine(
    { without: { type: 'boolean', default: false } },
    'usage: node scripts/test-matrix.mjs [--without] [broker/store …]',
  );
  const unknown = named.filter((name) => !CELLS.some((cell) => nameOf(cell) === name));
  if (unknown.length > 0) {
    throw new SetupError(
      `no such cell: ${unknown.join(' ')} (cells: ${CELLS.map(nameOf).join(' ')})`,
    );
  }
  const cells = CELLS.filter((cell) =>
    named.length === 0 ? true : named.includes(nameOf(cell)) !== without,
  );
  const results = [];
  for (const cell of cells) {
    say(
      'matrix',
      `${nameOf(cell)}: the e2e suite with PUBSUB=${cell.broker} STORE=${cell.store}${cell.registry ? ` REGISTRY=${cell.registry}` : ''}…`,
    );
    results.push(await runCell(cell));
  }
  const table = [
    '| broker | store | result | tests | failed files | duration |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.cell.broker} | ${r.cell.store}${r.cell.registry ? ` (REGISTRY=${r.cell.registry})` : ''} | ${r.passed ? 'pass' : 'FAIL'} | ${r.tests} | ${r.failed.join(', ') || '–'} | ${r.seconds.toFixed(0)} s |`,
    ),
  ].join('\n');
  process.stdout.write(`\n${table}\n`);
  if (results.some((r) => !r.passed)) process.exitCode = 1;
});
