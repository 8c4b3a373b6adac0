import { readFileSync } from 'node:fs';
import { call } from './support/http';
import { mailServer, mailsTo, type ReceivedMail } from './support/mailbox';
import { eventually, runningSystem } from './support/system';
import { newUserSession } from './support/users';

const auth = runningSystem().apps.auth.url;
const resetMails = (address: string) => mailsTo(address).filter((m) => m.subject.includes('Reset'));
const linkIn = (mail: ReceivedMail | undefined) =>
  /href="([^"]+)"/.exec(mail?.html ?? '')?.[1]?.replaceAll('&amp;', '&') ?? '';

/** How often the subscriber logged that an event of this user will be retried. */
function retriesLogged(logFile: string, userId: string): number {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('event will be retried') && line.includes(userId)).length;
}

/**
 * Asks for a reset link and waits for its mail: a sentinel. The user's events share one
 * partition and are delivered in order, so once it arrived, a duplicate of any earlier
 * mail of this user would have arrived too.
 */
async function sentinelResetMail(email: string, resetsBefore: number) {
  const asked = await call(`${auth}/auth/password-reset`, { body: { email } });
  expect(asked.status).toBe(202);
  await eventually(
    'the sentinel reset mail',
    () => Promise.resolve(resetMails(email).length > resetsBefore || undefined),
    90_000,
  );
}

describe('e-mail notifications through the Dapr SMTP binding', () => {
  it('welcomes a new user once, in HTML', async () => {
    const { profile } = await newUserSession();

    const [welcome] = await eventually('the welcome mail', () =>
      Promise.resolve(mailsTo(profile.email).length > 0 ? mailsTo(profile.email) : undefined),
    );
    await sentinelResetMail(profile.email, 0);

    expect(mailsTo(profile.email).filter((m) => m.subject === welcome?.subject)).toHaveLength(1);
    expect(welcome?.subject).toBe('Welcome to todo-dapr');
    expect(welcome?.envelope.from).toBe('no-reply@todo-dapr.local');
    expect(welcome?.html).toContain(`Hello ${profile.username},`);
  });

  it('sends the reset link once when the SMTP server was down as it was asked for', async () => {
    const { profile } = await newUserSession();
    await eventually('the welcome mail', () =>
      Promise.resolve(mailsTo(profile.email).length === 1 || undefined),
    );
    const subscriberLog = runningSystem().apps.subscriber.logs.app;

    await mailServer('stop');
    try {
      const asked = await call(`${auth}/auth/password-reset`, { body: { email: profile.email } });
      expect(asked.status).toBe(202);
      // The subscriber tried to send it and failed, so it is retrying.
      await eventually('a failed send of the reset mail', () =>
        Promise.resolve(retriesLogged(subscriberLog, profile.id) > 0 || undefined),
      );
    } finally {
      await mailServer('start');
    }

    const reset = await eventually(
      'the reset mail',
      () => Promise.resolve(resetMails(profile.email)[0]),
      90_000,
    );
    await sentinelResetMail(profile.email, 1);

    const links = resetMails(profile.email).map(linkIn);
    expect(links).toHaveLength(2);
    expect(new Set(links).size).toBe(2);
    // The link works: its token sets a new password.
    const token = new URL(linkIn(reset)).searchParams.get('token');
    expect(token).toBeTruthy();
    const confirmed = await call(`${auth}/auth/password-reset/confirm`, {
      body: { token, password: 'a brand new passphrase' },
    });
    expect(confirmed.status).toBe(204);
  });
});
