// The `java` that runs the broker and Kafka's command-line tools.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupError } from '../lib/console.mjs';
import { runCommand } from '../lib/run-command.mjs';

const installHint =
  'install it (apt-get install openjdk-17-jre-headless) or set KAFKA_BROKERS to an existing broker';
const toolsLog4j = fileURLToPath(new URL('log4j2-tools.properties', import.meta.url));

/** $JAVA_HOME/bin/java when there is one, as in Kafka's own scripts; else `java` from PATH. */
export function javaCommand() {
  const fromJavaHome = process.env.JAVA_HOME && join(process.env.JAVA_HOME, 'bin', 'java');
  return fromJavaHome && existsSync(fromJavaHome) ? fromJavaHome : 'java';
}

let checkedJava;
/** Throws a SetupError unless Java 17+ is there; resolves to its `java -version` text. */
export function requireJava() {
  checkedJava ??= checkJava(javaCommand());
  return checkedJava;
}

async function checkJava(java) {
  const { output } = await runCommand(java, ['-version']).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
    throw new SetupError(`Java 17+ is needed to run the local Kafka broker: ${installHint}`);
  });
  // "1.8.0_392" is Java 8, "17.0.15" is Java 17.
  const [, first, second] = /version "(\d+)(?:\.(\d+))?/.exec(output) ?? [];
  const major = Number(first === '1' ? second : first);
  if (!(major >= 17)) {
    throw new SetupError(
      `Java 17+ is needed to run the local Kafka broker, but ${java} is Java ${major || '(unknown version)'}: ${installHint}`,
    );
  }
  return output;
}

/** Runs one of Kafka's short-lived command-line classes: small heap, fast-start JIT, quiet logs. */
export function runKafkaTool(libs, args, options) {
  // prettier-ignore
  const jvmArgs = [
    '-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC',
    `-Dlog4j2.configurationFile=${toolsLog4j}`,
    '-cp', join(libs, '*'),
  ];
  return runCommand(javaCommand(), [...jvmArgs, ...args], options);
}
