import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runningSystem } from './system';

export interface ReceivedMail {
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  subject: string;
  text: string;
  html: string;
}

const run = promisify(execFile);
const script = join(__dirname, '..', '..', '..', 'scripts', 'mail', 'mail-server.mjs');

/** Every mail the development SMTP server received for `address`, oldest first. */
export function mailsTo(address: string): ReceivedMail[] {
  const dir = join(runningSystem().mail.dir, 'messages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as ReceivedMail)
    .filter((mail) => mail.envelope.to.includes(address));
}

/** Stops or starts the development SMTP server, as an operator would. */
export async function mailServer(command: 'start' | 'stop'): Promise<void> {
  const { mail, runDir } = runningSystem();
  await run(process.execPath, [
    script,
    command,
    `--port=${mail.port}`,
    `--dir=${mail.dir}`,
    `--secrets=${join(runDir, '.data', 'secrets', 'secrets.json')}`,
  ]);
}
