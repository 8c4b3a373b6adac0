import { NetworkError, ProblemError } from '@todo-dapr/client';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { eventLine, statsLines } from '../format.js';
import { sessionOf } from '../session.js';

export function liveCommands(program: Command, ctx: Context) {
  program
    .command('stats')
    .description('your statistics, as the subscriber counts them from the events')
    .action(async (_options: object, command: Command) => {
      const session = sessionOf(command, ctx);
      const stats = await session.client.stats();
      session.print(stats);
      for (const line of statsLines(stats)) session.say(line);
    });

  program
    .command('watch')
    .description('print your todo events as they happen, one line each (JSON lines with --json)')
    .action(async (_options: object, command: Command) => {
      const session = sessionOf(command, ctx);
      const stop = new AbortController();
      ctx.onStop(() => stop.abort());
      let opened = false;
      await session.client.live({
        signal: stop.signal,
        onOpen: () => {
          ctx.stderr(
            opened
              ? 'Connected again.\n'
              : `Watching your todos at ${session.origin}; Ctrl-C stops.\n`,
          );
          opened = true;
        },
        onEvent: (event) =>
          ctx.stdout(`${session.json ? JSON.stringify(event) : eventLine(event)}\n`),
        onResync: () =>
          ctx.stdout(
            session.json
              ? '{"event":"resync"}\n'
              : 'Some events were missed: `todo ls` shows where things stand.\n',
          ),
        onDisconnect: (error) => {
          // Unreachable from the start: say so (exit 4) rather than wait in silence.
          if (!opened) return false;
          const reason =
            error instanceof NetworkError || error instanceof ProblemError
              ? error.message
              : 'the stream ended';
          ctx.stderr(`Disconnected (${reason}); reconnecting.\n`);
          return true;
        },
      });
    });
}
