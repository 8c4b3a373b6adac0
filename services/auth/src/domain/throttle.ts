import { AppError } from '@todo-dapr/platform';
import type { ThrottleStore } from '../dapr/throttle-store';
import { decide, type Limit } from './throttle-schedule';

/** More attempts on one counter at once than this are a flood in themselves. */
const MAX_CONCURRENT_WRITERS = 10;

const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(429, 'AUTH.TOO_MANY_ATTEMPTS', 'Too Many Requests', {
    detail: 'Too many attempts. Wait before trying again.',
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });

/**
 * Counts attempts in the state store. Each count is a read and a write under its ETag, retried
 * when another attempt wrote first: a burst of parallel attempts is counted exactly, so it
 * cannot slip more attempts through than the limit allows.
 */
export function createThrottle(counters: ThrottleStore, now: () => number = Date.now) {
  /** Counts one attempt; the seconds to wait instead, when the limit refuses it. */
  async function count(limit: Limit, subject: string): Promise<number | undefined> {
    for (let tries = 0; tries < MAX_CONCURRENT_WRITERS; tries += 1) {
      const stored = await counters.get(limit.name, subject);
      const decision = decide(limit, stored?.value, now());
      if (decision.retryAfterSeconds !== undefined) return decision.retryAfterSeconds;
      const { next, ttlSeconds } = decision;
      if (await counters.put(limit.name, subject, next, stored?.etag, ttlSeconds)) return undefined;
    }
    return 1;
  }

  return {
    /** Counts the attempt against each limit in turn; 429 with Retry-After at the first one over. */
    async enforce(...checks: [limit: Limit, subject: string][]): Promise<void> {
      for (const [limit, subject] of checks) {
        const retryAfter = await count(limit, subject);
        if (retryAfter !== undefined) throw tooManyAttempts(retryAfter);
      }
    },

    /** Drops a counter, as a successful login does with its failures. */
    forget: (limit: Limit, subject: string) => counters.forget(limit.name, subject),
  };
}
export type Throttle = ReturnType<typeof createThrottle>;
