/** How many attempts a limit lets through, and how long it makes the next ones wait. */
export interface Limit {
  /** Names the counter in its key: the action, and what it is counted per (`login-client`). */
  name: string;
  /** Attempts that pass before any wait. */
  allowed: number;
  /**
   * A window limit: its counter starts with the first attempt and lasts this long.
   * A backoff limit: its counter is forgotten this long after its last wait ended.
   */
  windowSeconds: number;
  /** Growing waits: past `allowed`, each attempt makes the next wait first, 2×first, … ≤ max. */
  backoff?: { firstSeconds: number; maxSeconds: number };
}

/** A counter as the store keeps it; times are epoch milliseconds. */
export interface Counter {
  attempts: number;
  /** From then on the counter is forgotten (the store's TTL removes it too). */
  resetsAt: number;
  /** Attempts before then are refused. */
  blockedUntil?: number;
}

export type Decision =
  { retryAfterSeconds: number } | { next: Counter; ttlSeconds: number; retryAfterSeconds?: never };

/** The wait after the `beyond`-th attempt past the allowed ones (0 for the first of them). */
export const delaySeconds = (backoff: NonNullable<Limit['backoff']>, beyond: number) =>
  Math.min(backoff.firstSeconds * 2 ** beyond, backoff.maxSeconds);

const secondsUntil = (time: number, now: number) => Math.max(1, Math.ceil((time - now) / 1000));

/**
 * Decides one attempt: refused while the counter blocks (and not counted, so waiting is
 * enough to get through), otherwise counted, blocking the next ones once over the limit.
 */
export function decide(limit: Limit, stored: Counter | undefined, now: number): Decision {
  const live = stored && stored.resetsAt > now ? stored : undefined;
  if (live?.blockedUntil !== undefined && live.blockedUntil > now)
    return { retryAfterSeconds: secondsUntil(live.blockedUntil, now) };
  const attempts = (live?.attempts ?? 0) + 1;
  let next: Counter;
  if (limit.backoff) {
    const beyond = attempts - limit.allowed;
    const blockedUntil = beyond >= 0 ? now + delaySeconds(limit.backoff, beyond) * 1000 : undefined;
    next = { attempts, resetsAt: (blockedUntil ?? now) + limit.windowSeconds * 1000 };
    if (blockedUntil !== undefined) next.blockedUntil = blockedUntil;
  } else {
    const resetsAt = live?.resetsAt ?? now + limit.windowSeconds * 1000;
    next = { attempts, resetsAt };
    if (attempts >= limit.allowed) next.blockedUntil = resetsAt;
  }
  return { next, ttlSeconds: secondsUntil(next.resetsAt, now) };
}
