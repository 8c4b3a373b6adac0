import type { StatsTotals } from '@todo-dapr/contracts';
import { userOf, type AccessTokenVerifier } from '@todo-dapr/platform';
import { Router } from 'express';
import type { DeadLetterStore } from '../dapr/dead-letter-store';
import type { StatsStore } from '../dapr/stats-store';
import { summarize } from '../domain/todo-stats';

export interface StatsRouteDeps {
  verifier: AccessTokenVerifier;
  stats: StatsStore;
  deadLetters: DeadLetterStore;
}

/** `GET /stats` for the caller; `GET /admin/stats` for tokens with the `admin` role. */
export function statsRoutes({ verifier, stats, deadLetters }: StatsRouteDeps): Router {
  const router = Router();

  router.get('/stats', verifier.requireUser, async (req, res) => {
    res.json(summarize(await stats.counters(userOf(req).id), new Date()));
  });

  router.get('/admin/stats', verifier.requireRole('admin'), async (_req, res) => {
    const [all, deadLetterCount] = await Promise.all([stats.allCounters(), deadLetters.count()]);
    const totals: StatsTotals = {
      users: all.length,
      todos: 0,
      open: 0,
      completed: 0,
      deleted: 0,
      eventsProcessed: 0,
      deadLetters: deadLetterCount,
    };
    for (const counters of all) {
      totals.todos += counters.open + counters.completed;
      totals.open += counters.open;
      totals.completed += counters.completed;
      totals.deleted += counters.deleted;
      totals.eventsProcessed += counters.eventsProcessed;
    }
    res.json(totals);
  });

  return router;
}
