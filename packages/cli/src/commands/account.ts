import type { Command } from 'commander';
import type { Context } from '../context.js';
import { readPassword } from '../password.js';
import { sessionOf } from '../session.js';

interface PasswordOptions {
  passwordStdin?: boolean;
}

export function accountCommands(program: Command, ctx: Context) {
  program
    .command('register')
    .description('create an account, then log in')
    .argument('<username>', '3 to 32 letters, digits, ".", "_" or "-"')
    .requiredOption('--email <address>', 'for password resets')
    .option('--password-stdin', 'read the password from stdin instead of a prompt')
    .action(
      async (username: string, options: PasswordOptions & { email: string }, command: Command) => {
        const session = sessionOf(command, ctx);
        const password = await readPassword(ctx, { ...options, confirm: true });
        const profile = await session.client.register(username, options.email, password);
        await session.client.login(username, password);
        session.print(profile);
        session.say(`Registered ${profile.username} and logged in at ${session.origin}.`);
      },
    );

  program
    .command('login')
    .description(`log in; the session is kept in the config directory (mode 0600)`)
    .argument('<username>', 'your username (or e-mail address)')
    .option('--password-stdin', 'read the password from stdin instead of a prompt')
    .action(async (username: string, options: PasswordOptions, command: Command) => {
      const session = sessionOf(command, ctx);
      const password = await readPassword(ctx, options);
      await session.client.login(username, password);
      session.print({ username, origin: session.origin });
      session.say(`Logged in as ${username} at ${session.origin}.`);
    });

  program
    .command('logout')
    .description('end the session on the server and forget its tokens here')
    .action(async (_options: object, command: Command) => {
      const session = sessionOf(command, ctx);
      await session.client.logout();
      session.say('Logged out.');
    });
}
