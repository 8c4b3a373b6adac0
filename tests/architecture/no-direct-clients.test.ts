import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const servicesDir = join(repoRoot, 'services');

/** Clients that would bypass the Dapr sidecar: brokers, databases, SMTP. */
const FORBIDDEN = [
  'kafkajs',
  'node-rdkafka',
  '@confluentinc/kafka-javascript',
  '@platformatic/kafka',
  'pg',
  'postgres',
  'mysql',
  'mysql2',
  'better-sqlite3',
  'sqlite3',
  'sqlite',
  'node:sqlite',
  'ioredis',
  'redis',
  '@redis/client',
  'mongodb',
  'nodemailer',
  'smtp-server',
  'emailjs',
  'amqplib',
  'nats',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // Tests may use real clients to inspect a broker or an inbox; the services may not.
    if (['node_modules', 'dist', 'test'].includes(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) || name === 'package.json' ? [path] : [];
  });
}

function importedModules(source: string): string[] {
  const pattern = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? '');
}

describe('services talk to the world only through their Dapr sidecar', () => {
  const files = sourceFiles(servicesDir);

  it('finds the services’ source files to check', () => {
    expect(files.filter((file) => file.endsWith('main.ts'))).toHaveLength(4);
  });

  it('no file under services/ imports a Kafka, SQL, Redis or SMTP client', () => {
    const offenders = files.flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      const modules = file.endsWith('package.json')
        ? Object.keys((JSON.parse(source) as { dependencies?: object }).dependencies ?? {})
        : importedModules(source);
      return modules
        .filter(
          (name) => FORBIDDEN.includes(name) || FORBIDDEN.some((f) => name.startsWith(`${f}/`)),
        )
        .map((name) => `${relative(repoRoot, file)} imports ${name}`);
    });

    expect(offenders).toEqual([]);
  });

  it('would catch an offender: the import scanner sees a forbidden import', () => {
    expect(
      importedModules("import { Kafka } from 'kafkajs';\nconst r = require('ioredis');"),
    ).toEqual(['kafkajs', 'ioredis']);
  });
});
