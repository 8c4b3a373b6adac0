import { randomUUID } from 'node:crypto';
import {
  DaprResources,
  sealedTokenBinding,
  TokenResponse,
  UserProfile,
} from '@todo-dapr/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { open } from '@todo-dapr/platform';
import { hashToken } from '../../services/auth/src/domain/opaque-token';
import { subjectOf } from '../../services/auth/src/domain/throttle-subjects';
import { createClient } from 'redis';
import { readTopic } from './support/broker-tap';
import { call } from './support/http';
import { statsOf } from './support/stats';
import { eventually, runningSystem, sidecarFetch, sidecarOf } from './support/system';
import { makeOperator } from './support/users';

const system = runningSystem();
const auth = system.apps.auth.url;
const todoApi = system.apps['todo-api'].url;
const password = 'a long and lovely passphrase';

const newUser = () => {
  const name = `user_${randomUUID().slice(0, 8)}`;
  return { username: name, email: `${name}@example.com`, password };
};

async function registerAndLogIn() {
  const user = newUser();
  const registered = await call(`${auth}/auth/register`, { body: user });
  expect(registered.status).toBe(201);
  const login = await call(`${auth}/auth/login`, { body: { username: user.username, password } });
  expect(login.status).toBe(200);
  return {
    user,
    profile: UserProfile.parse(registered.body),
    tokens: TokenResponse.parse(login.body),
  };
}

const subscriberRecord = async (eventId: string) => {
  const sidecar = sidecarOf('subscriber');
  return (
    await sidecar.state.get<{ processedAt: string }>(
      DaprResources.subscriberStore,
      `processed:analytics:${eventId}`,
    )
  )?.value;
};

describe('auth through its real sidecar and state store', () => {
  it('registers, logs in, and the token opens todo-api (200) while no token does not (401)', async () => {
    const { profile, tokens } = await registerAndLogIn();

    const withToken = await call(`${todoApi}/todos`, { token: tokens.access_token });
    const withoutToken = await call(`${todoApi}/todos`);
    const me = await call(`${auth}/auth/me`, { token: tokens.access_token });

    expect(withToken.status).toBe(200);
    expect(withToken.body).toEqual([]);
    expect(withoutToken.status).toBe(401);
    expect(me.body).toEqual(profile);
  });

  it('publishes user_registered, which reaches the subscriber', async () => {
    const { profile, tokens } = await registerAndLogIn();

    const record = await eventually('user_registered at the subscriber', () =>
      subscriberRecord(`user_registered:${profile.id}:1`),
    );

    expect(Date.parse(record.processedAt)).not.toBeNaN();
    expect(await statsOf(tokens.access_token)).toMatchObject({
      userId: profile.id,
      eventsProcessed: 1,
      total: 0,
    });
  });

  it('logs in with a form-encoded OAuth2 password grant', async () => {
    const user = newUser();
    await call(`${auth}/auth/register`, { body: user });

    const response = await call(`${auth}/auth/login`, {
      body: new URLSearchParams({
        grant_type: 'password',
        username: user.email,
        password,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(TokenResponse.parse(response.body).token_type).toBe('Bearer');
  });

  it('answers a wrong password and an unknown user alike: 401 with the same code', async () => {
    const { user } = await registerAndLogIn();

    const wrong = await call(`${auth}/auth/login`, {
      body: { username: user.username, password: 'not it at all' },
    });
    const unknown = await call(`${auth}/auth/login`, {
      body: { username: 'nobody_here', password },
    });

    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.code).toBe(unknown.body.code);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('of 50 parallel registrations of one name, exactly one wins and 49 get 409', async () => {
    const name = `race_${randomUUID().slice(0, 8)}`;

    // Each from its own address: 50 at once from one address is a flood its limit refuses.
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(`${auth}/auth/register`, {
          body: { username: name, email: `${name}.${i}@example.com`, password },
          headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        }),
      ),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
  });

  it('treats usernames and e-mails as unique regardless of case', async () => {
    const { user } = await registerAndLogIn();

    const sameName = await call(`${auth}/auth/register`, {
      body: { ...user, username: user.username.toUpperCase(), email: `other.${user.email}` },
    });
    const sameEmail = await call(`${auth}/auth/register`, {
      body: { ...user, username: `${user.username}_2`, email: user.email.toUpperCase() },
    });

    expect([sameName.status, sameEmail.status]).toEqual([409, 409]);
  });

  it('rotates refresh tokens, and reusing a spent one revokes the whole family', async () => {
    const { tokens } = await registerAndLogIn();

    const first = await call(`${auth}/auth/refresh`, {
      body: { refresh_token: tokens.refresh_token },
    });
    const second = await call(`${auth}/auth/refresh`, {
      body: { refresh_token: first.body.refresh_token },
    });
    const replay = await call(`${auth}/auth/refresh`, {
      body: { refresh_token: tokens.refresh_token },
    });
    const afterReplay = await call(`${auth}/auth/refresh`, {
      body: { refresh_token: second.body.refresh_token },
    });

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(replay.status).toBe(401);
    expect(afterReplay.status).toBe(401);
  });

  it('logout revokes the refresh token', async () => {
    const { tokens } = await registerAndLogIn();

    const logout = await call(`${auth}/auth/logout`, {
      body: { refresh_token: tokens.refresh_token },
    });
    const refresh = await call(`${auth}/auth/refresh`, {
      body: { refresh_token: tokens.refresh_token },
    });

    expect(logout.status).toBe(204);
    expect(refresh.status).toBe(401);
  });

  it('throttles repeated failed logins for one username from one client with 429 and Retry-After', async () => {
    const { user } = await registerAndLogIn();
    const fail = () =>
      call(`${auth}/auth/login`, { body: { username: user.username, password: 'wrong guess!!' } });

    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await fail()).status);
    const withRightPassword = await call(`${auth}/auth/login`, {
      body: { username: user.username, password },
    });

    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    expect(withRightPassword.status).toBe(429);
    expect(Number(withRightPassword.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('behind a trusted proxy, a name’s failures from one client do not delay another client', async () => {
    const { user } = await registerAndLogIn();
    const logInFrom = (client: string, secret: string) =>
      call(`${auth}/auth/login`, {
        body: { username: user.username, password: secret },
        headers: { 'x-forwarded-for': client },
      });

    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await logInFrom('203.0.113.5', 'wrong!!')).status);
    const owner = await logInFrom('198.51.100.7', password);
    const attacker = await logInFrom('203.0.113.5', password);

    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(owner.status).toBe(200);
    expect(attacker.status).toBe(429);
  });

  it('keeps the failure counter in auth-store through the sidecar, hashed and with a TTL', async () => {
    const { user } = await registerAndLogIn();
    const client = '203.0.113.9';
    for (let i = 0; i < 5; i += 1) {
      await call(`${auth}/auth/login`, {
        body: { username: user.username, password: 'wrong!!' },
        headers: { 'x-forwarded-for': client },
      });
    }
    const key = `throttle:login-failures:${hashToken(subjectOf(user.username, client))}`;

    const stored = await sidecarFetch(
      `${system.apps.auth.sidecarUrl}/v1.0/state/${DaprResources.authStore}/${encodeURIComponent(key)}`,
    );

    expect(stored.status).toBe(200);
    const counter = (await stored.json()) as { attempts: number; blockedUntil: number };
    expect(counter.attempts).toBe(5);
    expect(counter.blockedUntil).toBeGreaterThan(Date.now());
    const expires = await expiryOf(key, stored);
    expect(expires).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(expires).toBeLessThan(Date.now() + 20 * 60_000);
  });

  it('serves the current and the previous public key as a JWKS', async () => {
    const response = await call(`${auth}/.well-known/jwks.json`);

    expect(response.status).toBe(200);
    expect(response.body.keys).toHaveLength(2);
    for (const key of response.body.keys) {
      expect(key).toMatchObject({
        kty: 'EC',
        crv: 'P-256',
        alg: 'ES256',
        use: 'sig',
        kid: expect.any(String),
      });
      expect(key).not.toHaveProperty('d');
    }
  });
});

describe('operators', () => {
  const adminStats = (token: string) =>
    call(`${system.apps.subscriber.url}/admin/stats`, { token });

  it('registering the name `admin` makes nobody an operator', async () => {
    const registered = await call(`${auth}/auth/register`, {
      body: { username: 'admin', email: 'admin@example.com', password },
    });
    const login = await call(`${auth}/auth/login`, { body: { username: 'admin', password } });

    expect(registered.status).toBe(201);
    expect(registered.body.roles).toEqual(['user']);
    expect((await adminStats(TokenResponse.parse(login.body).access_token)).status).toBe(403);
  });

  it('npm run operator makes an existing user one, through auth’s sidecar, from the next refresh', async () => {
    const { user, tokens } = await registerAndLogIn();
    const before = await adminStats(tokens.access_token);

    const printed = await makeOperator(user.username);
    const refreshed = TokenResponse.parse(
      (await call(`${auth}/auth/refresh`, { body: { refresh_token: tokens.refresh_token } })).body,
    );
    const me = await call(`${auth}/auth/me`, { token: refreshed.access_token });
    const after = await adminStats(refreshed.access_token);

    expect(before.status).toBe(403);
    expect(printed).toMatch(/is an operator now/);
    expect(me.body.roles).toEqual(['user', 'admin']);
    expect(after.status).toBe(200);
  });

  it('npm run operator -- --revoke takes the role away from the next refresh', async () => {
    const { user, tokens } = await registerAndLogIn();
    await makeOperator(user.username);

    await makeOperator(user.username, '--revoke');
    const refreshed = TokenResponse.parse(
      (await call(`${auth}/auth/refresh`, { body: { refresh_token: tokens.refresh_token } })).body,
    );

    expect((await adminStats(refreshed.access_token)).status).toBe(403);
  });
});

describe('password reset', () => {
  it('answers 202 for any address, and a real one yields password_reset_requested at the subscriber', async () => {
    const { profile } = await registerAndLogIn();

    const known = await call(`${auth}/auth/password-reset`, { body: { email: profile.email } });
    const unknown = await call(`${auth}/auth/password-reset`, {
      body: { email: 'nobody@example.com' },
    });

    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    const record = await eventually('password_reset_requested at the subscriber', () =>
      subscriberRecord(`password_reset_requested:${profile.id}:2`),
    );
    expect(Date.parse(record.processedAt)).not.toBeNaN();
  });

  it('the e-mailed token sets a new password once and ends every session', async () => {
    const { user, profile, tokens } = await registerAndLogIn();
    await call(`${auth}/auth/password-reset`, { body: { email: user.email } });
    const [event] = await readTopic('users', (seen) =>
      seen.some((m) => m.value.type === 'password_reset_requested' && m.key === profile.id),
    ).then((seen) =>
      seen.filter((m) => m.value.type === 'password_reset_requested' && m.key === profile.id),
    );
    const data = event?.value.data as { sealedToken: string; resetUrlTemplate: string };
    expect(JSON.stringify(event)).not.toMatch(/reset-password\?token=[\w-]{20}/);
    const secretsFile = join(
      __dirname,
      '..',
      '..',
      '.data',
      'e2e',
      '.data',
      'secrets',
      'secrets.json',
    );
    const key = (JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>)[
      'event-encryption-key'
    ];
    // Sealed for this user and this event: it opens only with both.
    const token = open(
      data.sealedToken,
      key ?? '',
      sealedTokenBinding(profile.id, event?.value.id ?? ''),
    );
    const newPassword = 'an entirely new passphrase';

    const confirm = await call(`${auth}/auth/password-reset/confirm`, {
      body: { token, password: newPassword },
    });
    const again = await call(`${auth}/auth/password-reset/confirm`, {
      body: { token, password: newPassword },
    });
    const oldSession = await call(`${auth}/auth/refresh`, {
      body: { refresh_token: tokens.refresh_token },
    });
    const oldPassword = await call(`${auth}/auth/login`, {
      body: { username: user.username, password },
    });
    const newLogin = await call(`${auth}/auth/login`, {
      body: { username: user.username, password: newPassword },
    });

    expect(data.resetUrlTemplate).toContain('{token}');
    expect(confirm.status).toBe(204);
    expect(again.status).toBe(400);
    expect(oldSession.status).toBe(401);
    expect(oldPassword.status).toBe(401);
    expect(newLogin.status).toBe(200);
  });

  it('limits reset requests for one address, whichever clients send them, with 429', async () => {
    const email = `${newUser().username}@example.com`;

    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await call(`${auth}/auth/password-reset`, {
        body: { email },
        headers: { 'x-forwarded-for': `203.0.113.${100 + i}` },
      });
      statuses.push(response.status);
    }

    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it('refuses an unknown reset token with 400', async () => {
    const response = await call(`${auth}/auth/password-reset/confirm`, {
      body: { token: 'not-a-real-token', password: 'a brand new passphrase' },
    });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('RESET.INVALID_TOKEN');
  });
});

/**
 * When a key of auth-store expires: the sidecar's `ttlExpireTime`, or, on Redis, whose
 * component reports none (README, "Swapping the stores"), Redis's own PTTL of the key.
 */
async function expiryOf(key: string, stored: Response): Promise<number> {
  const redisHost = system.apps.auth.start.env.REDIS_HOST;
  if (!redisHost) return Date.parse(stored.headers.get('metadata.ttlexpiretime') ?? '');
  const client = await createClient({ url: `redis://${redisHost}` }).connect();
  try {
    // Dapr prefixes each key with the app id.
    return Date.now() + (await client.pTTL(`auth||${key}`));
  } finally {
    client.destroy();
  }
}
