import { Command } from 'commander';
import { accountCommands } from './commands/account.js';
import { liveCommands } from './commands/live.js';
import { todoCommands } from './commands/todos.js';
import type { Context } from './context.js';
import { failureOf } from './failure.js';
import { DEFAULT_API } from './session.js';

const EXAMPLES = `
Examples:
  $ todo register alice --email alice@example.com
  $ todo add Buy milk --due tomorrow
  $ todo ls --active
  $ todo done 1
  $ todo watch --json | jq .todo.title
  $ echo "$PASSWORD" | todo login alice --password-stdin

Exit codes: 0 ok, 1 usage, 2 the API refused (problem), 3 not logged in or not allowed,
4 the API unreachable. More in docs/cli.md.`;

export function buildProgram(ctx: Context): Command {
  const program = new Command('todo')
    .description('Your todos on todo-dapr, from the terminal.')
    .option('--api <origin>', `the API's origin (default: $TODO_API or ${DEFAULT_API})`)
    .option('--json', 'print results as JSON, for scripts')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(todo --help shows the commands)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout(text),
      writeErr: (text) => ctx.stderr(text),
    });
  accountCommands(program, ctx);
  todoCommands(program, ctx);
  liveCommands(program, ctx);
  return program;
}

/** Runs one command line and answers its exit code; errors are one line on stderr. */
export async function run(argv: string[], ctx: Context): Promise<number> {
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    const failure = failureOf(error);
    if (failure.line) ctx.stderr(`todo: ${failure.line}\n`);
    return failure.code;
  }
}
