import { createHash } from 'node:crypto';
import { DaprResources } from '@todo-dapr/contracts';
import {
  createGroupCommit,
  createKeyLock,
  guardedItem,
  guardedUpsert,
  retryOnConflict,
  type StateApi,
  type StateOperation,
} from '@todo-dapr/platform';
import { emptyCounters, type StatsCounters, type TodoFacts } from '../domain/todo-stats';

const store = DaprResources.subscriberStore;
const USER_SHARDS = 16;
const MAX_ATTEMPTS = 8;

const statsKey = (userId: string) => `stats:${userId}`;
const factsKey = (userId: string, todoId: string) => `todo-facts:${userId}:${todoId}`;
// `analytics`: the consumer's former name, kept so that records written before still dedupe.
const processedKey = (eventId: string) => `processed:analytics:${eventId}`;
/** Users are listed in a few shard records, so that operators can sum without a key scan. */
const shardKey = (userId: string) =>
  `stats-users:${createHash('sha256').update(userId).digest().readUInt32BE(0) % USER_SHARDS}`;
const allShardKeys = Array.from({ length: USER_SHARDS }, (_, n) => `stats-users:${n}`);

interface UserShard {
  userIds: string[];
}

/**
 * One event's change to its user's counters, and to the facts of the todo it names;
 * undefined when those facts show the event was applied before.
 */
export interface StatsUpdate {
  eventId: string;
  userId: string;
  todoId?: string | undefined;
  update: (
    counters: StatsCounters,
    facts: TodoFacts | undefined,
  ) => { counters: StatsCounters; facts?: TodoFacts } | undefined;
}

const unique = (keys: string[]) => [...new Set(keys)];

/**
 * Every user's stats in `subscriber-store`. The events of a delivery are applied in
 * one state transaction: each user's counters under their ETag, and each todo's facts. A
 * todo's facts list the events applied to it, which turns a redelivery into a no-op; an
 * event without a todo (topic `users`) leaves a `processed:` record instead, expiring
 * through state TTL.
 */
export function createStatsStore(state: StateApi, processedTtlSeconds: number) {
  // Deliveries that arrive together (two topics, or a retry) share sidecar calls.
  const batched = createGroupCommit(state, store);

  // One instance applies one user's events one delivery at a time, so its own deliveries
  // never race on that user's keys: on Redis, whose transactions cannot roll back, a lost
  // race would leave facts written without their counters.
  const withUsers = createKeyLock();

  /**
   * Lists users seen for the first time in their shard records, before their counters exist.
   * Each shard is its own single-key write: Redis ignores first-write inside a transaction.
   */
  async function registerUsers(userIds: string[]): Promise<void> {
    await retryOnConflict(async () => {
      const shards = await state.getBulk<UserShard>(store, unique(userIds.map(shardKey)));
      const added = new Map<string, string[]>();
      for (const userId of userIds) {
        const key = shardKey(userId);
        const known = added.get(key) ?? shards.get(key)?.value.userIds ?? [];
        if (!known.includes(userId)) added.set(key, [...known, userId]);
      }
      await Promise.all(
        [...added].map(([key, ids]) =>
          state.save(store, [guardedItem(key, { userIds: ids }, shards.get(key))]),
        ),
      );
    }, MAX_ATTEMPTS);
  }

  const factsKeyOf = (u: StatsUpdate) => (u.todoId ? factsKey(u.userId, u.todoId) : undefined);
  const dedupeKeyOf = (u: StatsUpdate) => factsKeyOf(u) ?? processedKey(u.eventId);

  /** applyAll's work, once no other delivery of this instance holds its users. */
  async function applyInTurn(updates: StatsUpdate[]): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const found = await batched.getBulk<unknown>(
        unique(updates.flatMap((u) => [statsKey(u.userId), dedupeKeyOf(u)])),
      );
      // The values as the events of this delivery leave them, by key.
      const counters = new Map<string, StatsCounters>();
      const facts = new Map<string, TodoFacts>();
      const stored = (key: string) => found.get(key)?.value;
      const applied = new Set<string>();
      const processed: string[] = [];
      for (const u of updates) {
        if (applied.has(u.eventId)) continue;
        const key = statsKey(u.userId);
        const todoKey = factsKeyOf(u);
        if (!todoKey && found.has(processedKey(u.eventId))) continue;
        const next = u.update(
          counters.get(key) ??
            (stored(key) as StatsCounters | undefined) ??
            emptyCounters(u.userId),
          todoKey ? (facts.get(todoKey) ?? (stored(todoKey) as TodoFacts | undefined)) : undefined,
        );
        if (!next) continue;
        applied.add(u.eventId);
        if (!todoKey) processed.push(u.eventId);
        counters.set(key, next.counters);
        if (todoKey && next.facts) facts.set(todoKey, next.facts);
      }
      if (applied.size === 0) return;
      await registerUsers(
        unique(updates.map((u) => u.userId)).filter(
          (userId) => counters.has(statsKey(userId)) && !found.has(statsKey(userId)),
        ),
      );
      // Only the counters need a guard: every write of a user's facts writes their
      // counters in the same transaction, so that guard covers the facts as well.
      const operations: StateOperation[] = [
        ...[...counters].map(([key, value]) => guardedUpsert(key, value, found.get(key))),
        ...[...facts].map(([key, value]): StateOperation => ({
          operation: 'upsert',
          request: { key, value },
        })),
        ...processed.map((eventId): StateOperation => ({
          operation: 'upsert',
          request: {
            key: processedKey(eventId),
            value: { processedAt: new Date().toISOString() },
            metadata: { ttlInSeconds: String(processedTtlSeconds) },
          },
        })),
      ];
      if (await batched.transact(operations)) return;
    }
    throw new Error(`the stats kept changing under ${updates.length} event(s)`);
  }

  return {
    /**
     * Applies `updates` in their order, skipping events already applied. Retries on a
     * conflicting write (two topics or two instances, one user).
     */
    applyAll(updates: StatsUpdate[]): Promise<void> {
      return withUsers(
        updates.map((u) => u.userId),
        () => applyInTurn(updates),
      );
    },

    async counters(userId: string): Promise<StatsCounters> {
      return (
        (await state.get<StatsCounters>(store, statsKey(userId)))?.value ?? emptyCounters(userId)
      );
    },

    /** Every user's counters: the shard records, then the users in bulk reads. */
    async allCounters(): Promise<StatsCounters[]> {
      const shards = await state.getBulk<UserShard>(store, allShardKeys);
      const userIds = [...shards.values()].flatMap((shard) => shard.value.userIds);
      const all: StatsCounters[] = [];
      for (let i = 0; i < userIds.length; i += 500) {
        const found = await state.getBulk<StatsCounters>(
          store,
          userIds.slice(i, i + 500).map(statsKey),
        );
        all.push(...[...found.values()].map((stored) => stored.value));
      }
      return all;
    },
  };
}
export type StatsStore = ReturnType<typeof createStatsStore>;
