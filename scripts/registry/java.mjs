// The `java` that runs Apicurio Registry: it needs Java 21+, while Kafka is happy with Debian's
// 17, so a newer JDK installed beside it (/usr/lib/jvm/temurin-25-…) is looked for too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError } from '../lib/console.mjs';
import { runCommand } from '../lib/run-command.mjs';

export const MIN_JAVA = 21;
const jvmDir = '/usr/lib/jvm';

/** "25.0.3" -> 25, "1.8.0_392" -> 8; NaN when unknown. */
export function javaMajor(version) {
  const [, first, second] = /^(\d+)(?:\.(\d+))?/.exec(version ?? '') ?? [];
  return Number(first === '1' ? second : first);
}

/** The Java version of a JDK or JRE folder: its `release` file, else `bin/java -version`. */
async function versionOf(home) {
  try {
    const release = readFileSync(join(home, 'release'), 'utf8');
    const version = /^JAVA_VERSION="([^"]+)"/m.exec(release)?.[1];
    if (version) return version;
  } catch {
    // No release file: ask the binary.
  }
  const { output } = await runCommand(join(home, 'bin', 'java'), ['-version']);
  return /version "([^"]+)"/.exec(output)?.[1];
}

/** JAVA_HOME first, then every JDK under /usr/lib/jvm, newest first. */
function candidateHomes() {
  const installed = existsSync(jvmDir) ? readdirSync(jvmDir).map((name) => join(jvmDir, name)) : [];
  const homes = [process.env.JAVA_HOME, ...installed].filter(
    (home) => home && existsSync(join(home, 'bin', 'java')),
  );
  return [...new Set(homes)];
}

let found;
/** The path of a `java` >= 21 (JAVA_HOME if it is one, else the newest in /usr/lib/jvm). */
export function registryJava() {
  found ??= findJava().catch((error) => {
    found = undefined; // a later call looks again (after an install)
    throw error;
  });
  return found;
}

async function findJava() {
  const seen = [];
  const usable = [];
  for (const home of candidateHomes()) {
    const version = await versionOf(home).catch(() => undefined);
    const major = javaMajor(version);
    seen.push(`${home} (${version ? `Java ${major}` : 'version unknown'})`);
    if (major >= MIN_JAVA) usable.push({ home, major });
  }
  const fromJavaHome = usable.find(({ home }) => home === process.env.JAVA_HOME);
  const newest = usable.toSorted((a, b) => b.major - a.major)[0];
  const chosen = fromJavaHome ?? newest;
  if (chosen) return join(chosen.home, 'bin', 'java');
  throw new SetupError(
    `Apicurio Registry (the local schema registry) needs Java ${MIN_JAVA} or newer, and none was found` +
      ` (looked at JAVA_HOME and ${jvmDir}/*: ${seen.length > 0 ? seen.join(', ') : 'nothing there'}).` +
      ` Install one (apt-get install openjdk-21-jre-headless where Debian/Ubuntu has it, or Temurin from https://adoptium.net)` +
      ` and set JAVA_HOME to it if it is not under ${jvmDir}, or run with REGISTRY=off (no schema registry).`,
  );
}
