import { join } from 'node:path';
import { AppError, createSidecar, SidecarError } from '@todo-dapr/platform';
import { parseOperatorArgs, sidecarFor, USAGE, UsageError } from './cli/operator-options';
import { createAuthStore } from './dapr/auth-store';
import { setOperator } from './domain/operators';

// `npm run dev` describes its run here; the repository root is three levels above dist/.
const DEV_RUN_DESCRIPTION = join(__dirname, '..', '..', '..', '.data', 'system.json');

const DONE = {
  granted: (login: string) =>
    `${login} is an operator now: their tokens carry the admin role from their next login or refresh.`,
  revoked: (login: string) =>
    `${login} is no longer an operator: tokens from their next login or refresh leave the admin role out.`,
  unchanged: (login: string) => `${login} was that already; nothing changed.`,
};

async function main(): Promise<number> {
  const command = parseOperatorArgs(process.argv.slice(2));
  if (!command) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const sidecar = createSidecar(sidecarFor(command.systemFile, process.env, DEV_RUN_DESCRIPTION));
  const change = await setOperator(createAuthStore(sidecar.state), command.login, command.operator);
  process.stdout.write(`${DONE[change](command.login)}\n`);
  return 0;
}

/** One line on stderr: 2 for a usage mistake, 1 for anything that went wrong after. */
function fail(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`operator: ${error.message} (--help says how)\n`);
    return 2;
  }
  const message =
    error instanceof AppError
      ? (error.detail ?? error.title)
      : error instanceof SidecarError && error.status === 0
        ? `${error.message}: is auth’s sidecar running?`
        : error instanceof Error
          ? error.message
          : String(error);
  process.stderr.write(`operator: ${message}\n`);
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => (process.exitCode = fail(error)),
);
