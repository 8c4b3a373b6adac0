import { StatsTotals, UserStats, DeadLetterPage } from '@todo-dapr/contracts';
import { call } from './http';
import { eventually, runningSystem } from './system';

const subscriber = () => runningSystem().apps.subscriber.url;

export async function statsOf(token: string): Promise<UserStats> {
  const response = await call(`${subscriber()}/stats`, { token });
  if (response.status !== 200) throw new Error(`GET /stats answered ${response.status}`);
  return UserStats.parse(response.body);
}

/** Waits until the user's stats satisfy `settled`, then returns them. */
export function statsWhen(
  token: string,
  settled: (stats: UserStats) => boolean,
  timeoutMs = 120_000,
): Promise<UserStats> {
  return eventually(
    'the projection to catch up',
    async () => {
      const stats = await statsOf(token);
      return settled(stats) ? stats : undefined;
    },
    timeoutMs,
  );
}

/** A token with the admin role: global-setup makes `e2e-admin` an operator (ADMIN_USERNAMES). */
export async function adminToken(): Promise<string> {
  const auth = runningSystem().apps.auth.url;
  const credentials = { username: 'e2e-admin', password: 'an operator passphrase, long' };
  await call(`${auth}/auth/register`, {
    body: { ...credentials, email: 'ops@example.com' },
  }); // 201 the first time, 409 after
  const login = await call(`${auth}/auth/login`, { body: credentials });
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
  return (login.body as { access_token: string }).access_token;
}

export async function totals(token: string): Promise<StatsTotals> {
  const response = await call(`${subscriber()}/admin/stats`, { token });
  if (response.status !== 200) throw new Error(`GET /admin/stats answered ${response.status}`);
  return StatsTotals.parse(response.body);
}

export async function deadLetters(token: string) {
  const response = await call(`${subscriber()}/admin/dead-letters?limit=100`, { token });
  if (response.status !== 200)
    throw new Error(`GET /admin/dead-letters answered ${response.status}`);
  return DeadLetterPage.parse(response.body);
}
