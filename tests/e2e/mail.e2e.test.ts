import { call } from './support/http';
import { mailServer, mailsTo } from './support/mailbox';
import { eventually, runningSystem } from './support/system';
import { newUserSession } from './support/users';

const auth = runningSystem().apps.auth.url;
const settle = () => new Promise((resolve) => setTimeout(resolve, 3000));

describe('e-mail notifications through the Dapr SMTP binding', () => {
  it('welcomes a new user once, in HTML', async () => {
    const { profile } = await newUserSession();

    const [welcome] = await eventually('the welcome mail', () =>
      Promise.resolve(mailsTo(profile.email).length > 0 ? mailsTo(profile.email) : undefined),
    );
    await settle();

    expect(mailsTo(profile.email)).toHaveLength(1);
    expect(welcome?.subject).toBe('Welcome to todo-dapr');
    expect(welcome?.envelope.from).toBe('no-reply@todo-dapr.local');
    expect(welcome?.html).toContain(`Hello ${profile.username},`);
  });

  it('sends the reset link once when the SMTP server was down as it was asked for', async () => {
    const { profile } = await newUserSession();
    await eventually('the welcome mail', () =>
      Promise.resolve(mailsTo(profile.email).length === 1 || undefined),
    );

    await mailServer('stop');
    try {
      const asked = await call(`${auth}/auth/password-reset`, { body: { email: profile.email } });
      expect(asked.status).toBe(202);
      await settle(); // the subscriber retries meanwhile
      expect(mailsTo(profile.email)).toHaveLength(1);
    } finally {
      await mailServer('start');
    }

    const reset = await eventually(
      'the reset mail',
      () => Promise.resolve(mailsTo(profile.email).find((m) => m.subject.includes('Reset'))),
      90_000,
    );
    await settle();

    expect(mailsTo(profile.email).filter((m) => m.subject.includes('Reset'))).toHaveLength(1);
    const link = /href="([^"]+)"/.exec(reset.html)?.[1]?.replaceAll('&amp;', '&');
    expect(link).toMatch(/token=/);
    // The link works: its token sets a new password.
    const token = new URL(link ?? '').searchParams.get('token');
    const confirmed = await call(`${auth}/auth/password-reset/confirm`, {
      body: { token, password: 'a brand new passphrase' },
    });
    expect(confirmed.status).toBe(204);
  });
});
