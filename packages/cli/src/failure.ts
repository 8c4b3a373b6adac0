import { NetworkError, NotLoggedInError, ProblemError } from '@todo-dapr/client';
import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

export interface Failure {
  code: number;
  /** One line for stderr; empty when commander has printed its own. */
  line: string;
}

/** Each error as one line and an exit code that says what kind of failure it was. */
export function failureOf(error: unknown): Failure {
  if (error instanceof CommanderError) return { code: error.exitCode, line: '' };
  if (error instanceof UsageError) return { code: ExitCode.usage, line: error.message };
  if (error instanceof NotLoggedInError) {
    return { code: ExitCode.auth, line: 'Not logged in: run `todo login <username>` first.' };
  }
  if (error instanceof ProblemError) {
    const auth = error.status === 401 || error.status === 403;
    return { code: auth ? ExitCode.auth : ExitCode.problem, line: error.message };
  }
  if (error instanceof NetworkError) return { code: ExitCode.network, line: error.message };
  return { code: ExitCode.usage, line: `Unexpected error: ${String(error)}` };
}
