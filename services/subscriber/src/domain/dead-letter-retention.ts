import type { DeadLetter } from '@todo-dapr/contracts';

/** How long dead letters are kept, and how many at most: no store grows without bound. */
export interface DeadLetterRetention {
  ttlSeconds: number;
  maxLetters: number;
}

/** An entry of the dead-letter index: the letter's key and when its TTL runs out. */
export interface IndexedLetter {
  key: string;
  expiresAt: string;
}

/**
 * The index with `added` (a new letter's key) at its end, less the expired entries and,
 * beyond the cap, the oldest. `evicted` are the letters to delete: the capped ones would
 * otherwise live on, and a store without TTLs keeps the expired ones.
 */
export function retain(
  index: IndexedLetter[],
  added: string | undefined,
  now: Date,
  retention: DeadLetterRetention,
): { kept: IndexedLetter[]; evicted: string[] } {
  const live = index.filter((entry) => Date.parse(entry.expiresAt) > now.getTime());
  const expiresAt = new Date(now.getTime() + retention.ttlSeconds * 1000).toISOString();
  const all = added === undefined ? live : [...live, { key: added, expiresAt }];
  const kept = all.slice(Math.max(0, all.length - retention.maxLetters));
  const keptKeys = new Set(kept.map((entry) => entry.key));
  return {
    kept,
    evicted: index.map((entry) => entry.key).filter((key) => !keptKeys.has(key)),
  };
}

/** The TTL that ends a rewritten letter when it was due to end (Dapr's least is 1 s). */
export function secondsLeft(
  letter: Pick<DeadLetter, 'deadLetteredAt'>,
  now: Date,
  retention: DeadLetterRetention,
): number {
  const endsAt = Date.parse(letter.deadLetteredAt) + retention.ttlSeconds * 1000;
  return Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));
}
