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
    'the stats to catch up',
    async () => {
      const stats = await statsOf(token);
      return settled(stats) ? stats : undefined;
    },
    timeoutMs,
  );
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
