import { DeadLetterQuery, type StatsTotals } from '@todo-dapr/contracts';
import { parseOrThrow, userOf, type AccessTokenVerifier } from '@todo-dapr/platform';
import { Router } from 'express';
import type { DeadLetterStore } from '../dapr/dead-letter-store';
import type { StatsStore } from '../dapr/stats-store';
import { summarize } from '../domain/todo-stats';

export interface StatsRouteDeps {
  verifier: AccessTokenVerifier;
  stats: StatsStore;
  deadLetters: DeadLetterStore;
}

/** `GET /stats` for the caller; `/admin/*` for tokens with the `admin` role. */
export function statsRoutes({ verifier, stats, deadLetters }: StatsRouteDeps): Router {
  const router = Router();

  router.get('/stats', verifier.requireUser, async (req, res) => {
    res.json(summarize(await stats.counters(userOf(req).id), new Date()));
  });

  router.use('/admin', verifier.requireRole('admin'));

  router.get('/admin/stats', async (_req, res) => {
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

  router.get('/admin/dead-letters', async (req, res) => {
    const query = parseOrThrow(DeadLetterQuery, req.query, 'query string');
    res.json(await deadLetters.list(query.limit, query.offset));
  });

  return router;
}
