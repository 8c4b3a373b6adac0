// The development SMTP server (smtp-server + mailparser): what the `email` binding sends lands
// in <dir>/messages/*.json, one file per mail, for tests and for a look during `npm run dev`.
//   node scripts/mail/mail-server.mjs start|stop --port=2525 --dir=.data/mail
// The credentials are the `smtp-username` and `smtp-password` secrets (see local-data.mjs).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, runMain, say, SetupError } from '../lib/console.mjs';
import { commandLineOf, isProcessAlive, terminateProcessGroup } from '../lib/pids.mjs';
import { assertPortsFree, canConnect } from '../lib/ports.mjs';
import { waitFor } from '../lib/processes.mjs';

const HOST = '127.0.0.1';
const thisFile = fileURLToPath(import.meta.url);
const pidFileOf = (dir) => join(dir, 'server.pid');
export const messagesDirOf = (dir) => join(dir, 'messages');

function runningPid(dir) {
  const file = pidFileOf(dir);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8'));
  return isProcessAlive(pid) && commandLineOf(pid).includes('mail-server.mjs') ? pid : undefined;
}

/**
 * Starts the SMTP server on 127.0.0.1:port in its own process (reusing one already serving
 * dir), and resolves once it accepts connections. Mails go to `<dir>/messages`.
 */
export async function startMailServer({ port, dir, username, password }) {
  mkdirSync(messagesDirOf(dir), { recursive: true });
  if (runningPid(dir)) return { port };
  await assertPortsFree([{ port, what: 'development SMTP server' }]);
  const log = openSync(join(dir, 'server.log'), 'a');
  const child = spawn(process.execPath, [thisFile, 'serve', `--port=${port}`, `--dir=${dir}`], {
    env: { ...process.env, SMTP_USERNAME: username, SMTP_PASSWORD: password },
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  writeFileSync(pidFileOf(dir), String(child.pid));
  await waitFor(() => canConnect(HOST, port, 500), {
    timeoutMs: 15_000,
    describe: () => `the SMTP server did not start; see ${join(dir, 'server.log')}`,
  });
  return { port };
}

/** Stops the SMTP server that serves dir, if one does. */
export async function stopMailServer({ dir }) {
  const pid = runningPid(dir);
  if (pid) await terminateProcessGroup(pid, 5000);
  rmSync(pidFileOf(dir), { force: true });
}

/** The server itself: accepts mail for anyone from a client that logs in, and stores it. */
async function serve({ port, dir }) {
  const [{ SMTPServer }, { simpleParser }] = await Promise.all([
    import('smtp-server'),
    import('mailparser'),
  ]);
  const { SMTP_USERNAME: username, SMTP_PASSWORD: password } = process.env;
  const server = new SMTPServer({
    name: 'todo-dapr-dev-smtp',
    banner: 'todo-dapr development SMTP server',
    // Loopback only, so plain text is fine; clients must still log in.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    size: 1024 * 1024,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === username && auth.password === password) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const message = {
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          };
          // Written under a temporary name, then renamed: a reader never sees half a mail.
          const file = join(messagesDirOf(dir), `${Date.now()}-${message.id}.json`);
          writeFileSync(`${file}.partial`, JSON.stringify(message, null, 2));
          renameSync(`${file}.partial`, file);
          console.log(`mail to ${message.envelope.to.join(', ')}: ${message.subject}`);
          callback();
        })
        .catch(callback);
    },
  });
  server.on('error', (error) => console.error(`smtp: ${error.message}`));
  await new Promise((ready) => server.listen(port, HOST, ready));
  console.log(`SMTP server on ${HOST}:${port}, storing mail in ${messagesDirOf(dir)}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const usage = 'usage: mail-server.mjs start|stop --port=2525 --dir=.data/mail [--secrets=FILE]';

if (process.argv[1] === thisFile) {
  runMain(async () => {
    const { values, positionals } = parseCommandLine(
      {
        port: { type: 'string', default: '2525' },
        dir: { type: 'string', default: '.data/mail' },
        secrets: { type: 'string' },
      },
      usage,
    );
    const [command] = positionals;
    const port = Number(values.port);
    const dir = resolve(values.dir);
    if (command === 'serve') {
      await serve({ port, dir });
    } else if (command === 'stop') {
      await stopMailServer({ dir });
      say('mail', 'SMTP server stopped');
    } else if (command === 'start') {
      const secretsFile = values.secrets ?? resolve(dir, '..', 'secrets', 'secrets.json');
      if (!existsSync(secretsFile)) {
        throw new SetupError(`${secretsFile} is missing: start the system once to create it.`);
      }
      const secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));
      await startMailServer({
        port,
        dir,
        username: secrets['smtp-username'],
        password: secrets['smtp-password'],
      });
      say('mail', `SMTP server on ${HOST}:${port}`);
    } else {
      throw new SetupError(usage);
    }
  });
}
