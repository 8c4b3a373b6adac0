// Registers users at a steady rate and counts their welcome mails: each acknowledged
// registration must bring exactly one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from '../bench/http.mjs';
import { waitFor } from '../lib/processes.mjs';
import { steadyLoad } from './steady-load.mjs';

export const registrations = ({ auth, rate, label }) =>
  steadyLoad({
    rate,
    send: (i) => {
      const username = `${label}_${Date.now().toString(36)}_${i}`;
      const email = `${username}@example.com`;
      return request(`${auth}/auth/register`, {
        method: 'POST',
        body: { username, email, password: 'a fault-table passphrase' },
        timeoutMs: 10_000,
      }).then(() => ({ email }));
    },
  });

function mailsByAddress(mailDir) {
  const dir = join(mailDir, 'messages');
  const byAddress = new Map();
  if (!existsSync(dir)) return byAddress;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const mail = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const to of mail.envelope.to) {
      byAddress.set(to, [...(byAddress.get(to) ?? []), mail]);
    }
  }
  return byAddress;
}

/**
 * Settles and counts. Each acknowledged user then asks for a reset link: that mail is a
 * sentinel that comes after the welcome (one partition per user), so once every reset mail
 * is in, every welcome that will ever come has come.
 */
export async function mailOutcomes({ auth, mailDir, calls, backAt }) {
  const acknowledged = calls.filter((call) => call.ok).map((call) => call.value.email);
  for (const email of acknowledged) {
    await request(`${auth}/auth/password-reset`, { method: 'POST', body: { email } });
  }
  const resets = (mails = []) => mails.filter((m) => m.subject.includes('Reset')).length;
  await waitFor(
    () => {
      const mails = mailsByAddress(mailDir);
      return acknowledged.every((email) => resets(mails.get(email)) > 0);
    },
    { timeoutMs: 180_000, intervalMs: 500, describe: () => 'reset mails did not all arrive' },
  ).catch(() => undefined);
  const mails = mailsByAddress(mailDir);
  const welcomeMails = acknowledged.map((email) =>
    (mails.get(email) ?? []).filter((m) => m.subject.includes('Welcome')),
  );
  const welcomes = welcomeMails.map((list) => list.length);
  const before = new Set(
    calls.filter((call) => call.ok && call.answeredAt < backAt).map((call) => call.value.email),
  );
  const lastWelcome = Math.max(
    ...acknowledged
      .flatMap((email, i) => (before.has(email) ? (welcomeMails[i] ?? []) : []))
      .map((m) => Date.parse(m.receivedAt)),
  );
  return {
    tried: calls.length,
    acknowledged: acknowledged.length,
    delivered: welcomes.filter((n) => n > 0).length,
    lost: welcomes.filter((n) => n === 0).length,
    doubleApplied: welcomes.filter((n) => n > 1).length,
    // Until the last welcome of a registration acknowledged while the server was down.
    eventsBack: Math.max(0, lastWelcome - backAt),
  };
}
