import { parseArgs } from 'node:util';

/** Short progress lines on stderr, prefixed with the step they belong to. */
export function say(step, message) {
  process.stderr.write(`[${step}] ${message}\n`);
}

/** A prerequisite is missing or a state is bad: the message says what and how to fix it. */
export class SetupError extends Error {}

/** Runs a script's main; a SetupError is one clear line, anything else its stack. */
export function runMain(main) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof SetupError ? `✖ ${error.message}` : error.stack}\n`);
    process.exit(1);
  });
}

export const seconds = (startedMs) => `${((Date.now() - startedMs) / 1000).toFixed(1)}s`;

/** node:util's parseArgs, positionals allowed; a wrong flag is a SetupError that shows `usage`. */
export function parseCommandLine(options, usage) {
  try {
    return parseArgs({ options, allowPositionals: true });
  } catch (error) {
    throw new SetupError(`${error.message}\n${usage}`);
  }
}
