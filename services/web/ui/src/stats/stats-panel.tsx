import type { UserStats } from '@todo-dapr/contracts';
import { useEffect, useState } from 'react';
import type { TodoClient } from '../api/session';

interface Props {
  client: TodoClient;
  /** The highest event sequence seen live: the panel reads GET /stats until it has caught up. */
  sequence: number;
  report: (error: unknown) => void;
}

const POLL_MS = 200;
const GIVE_UP_MS = 10_000;

/** The user's numbers from GET /stats, which the subscriber projects from the events. */
export function StatsPanel({ client, sequence, report }: Props) {
  const [stats, setStats] = useState<UserStats>();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = Date.now() + GIVE_UP_MS;
    const read = async () => {
      try {
        const fresh = await client.stats();
        if (stopped) return;
        setStats(fresh);
        // The projection trails the live event by a moment: ask again until it has it.
        if (fresh.lastSequence < sequence && Date.now() < deadline)
          timer = setTimeout(() => void read(), POLL_MS);
      } catch (error) {
        if (!stopped) report(error);
      }
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, sequence, report]);

  const rows: [string, string, string][] = stats
    ? [
        ['open', 'Open', String(stats.open)],
        ['completed', 'Completed', String(stats.completed)],
        ['total', 'Total', String(stats.total)],
        ['rate', 'Done', `${Math.round(stats.completionRate * 100)}%`],
        ['created-7d', 'Created in 7 days', String(stats.createdLast7Days)],
        ['deleted', 'Deleted', String(stats.deleted)],
      ]
    : [];
  return (
    <section className="stats panel" aria-labelledby="stats-title">
      <h2 id="stats-title">Your stats</h2>
      {stats ? (
        <dl aria-live="polite">
          {rows.map(([key, label, value]) => (
            <div key={key} className={`stat stat-${key}`}>
              <dt>{label}</dt>
              <dd data-stat={key}>{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>Loading…</p>
      )}
    </section>
  );
}
