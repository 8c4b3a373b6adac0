#!/usr/bin/env node
// Local schema registry (Apicurio Registry, in-memory) for `npm run dev` and the tests,
// without Docker: its distribution comes from Maven Central into the shared cache, and it runs
// as a detached `java` (21+) process with its pid file and log in the data dir. The sidecars
// reach its Confluent-compatible API (ccompat) at SCHEMA_REGISTRY_URL. API and CLI:
//   node scripts/registry/registry.mjs start|stop|status|ensure [--port=8085] [--data-dir=DIR]
// Environment: TODO_DAPR_CACHE moves the cache; JAVA_HOME picks the Java (21+);
// REGISTRY_HEAP_OPTS (default -Xmx384m) and REGISTRY_OPTS add JVM flags.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, runMain, say, SetupError } from '../lib/console.mjs';
import { ensureRegistryInstalled, REGISTRY_VERSION } from './install.mjs';
import { registryJava } from './java.mjs';
import { registryStatus, startRegistry, stopRegistry } from './start-stop.mjs';

export {
  ensureRegistryInstalled,
  REGISTRY_VERSION,
  registryJava,
  registryStatus,
  startRegistry,
  stopRegistry,
};

const usage = `usage: node scripts/registry/registry.mjs <start|stop|status|ensure> [--port=8085] [--data-dir=DIR]

  start   start the local schema registry (or reuse the running one) and wait until it answers;
          management interface on PORT+1
  stop    stop it (its schemas go with it: storage is in memory)
  status  tell whether it runs (exit code 3 if not)
  ensure  download Apicurio Registry ${REGISTRY_VERSION} into the cache if needed, and find Java 21+`;

const commands = {
  async start(options) {
    const { url } = await startRegistry(options);
    say('registry', `ccompat API: ${url}`);
  },
  async stop(options) {
    await stopRegistry(options);
  },
  async status(options) {
    const status = await registryStatus(options);
    if (!status.running) {
      say('registry', `not running (data dir ${status.dataDir})`);
      process.exitCode = 3;
      return;
    }
    const answer = status.serving ? 'serving' : 'NOT answering yet';
    say(
      'registry',
      `running: pid ${status.pid}, ${status.url} (${answer}), data dir ${status.dataDir}`,
    );
    if (!status.serving) process.exitCode = 1;
  },
  async ensure() {
    const home = await ensureRegistryInstalled();
    say(
      'registry',
      `Apicurio Registry ${REGISTRY_VERSION} is in ${home}; java: ${await registryJava()}`,
    );
  },
};

const cliOptions = {
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

function parseRegistryCommandLine() {
  const { values, positionals } = parseCommandLine(cliOptions, usage);
  const port = Number(values.port);
  if (values.port !== undefined && !(Number.isInteger(port) && port >= 1 && port < 65535)) {
    throw new SetupError(`--port must be a port number below 65535, got "${values.port}"`);
  }
  const options = {
    ...(values.port && { port }),
    ...(values['data-dir'] && { dataDir: values['data-dir'] }),
  };
  return { command: positionals[0], options, help: values.help };
}

const invokedAsScript =
  process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);

if (invokedAsScript) {
  runMain(async () => {
    const { command, options, help } = parseRegistryCommandLine();
    if (!Object.hasOwn(commands, command ?? '')) {
      process.stderr.write(`${usage}\n`);
      process.exitCode = help ? 0 : 2;
      return;
    }
    await commands[command](options);
  });
}
