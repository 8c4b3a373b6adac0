import { createHash } from 'node:crypto';
import { DaprResources } from '@todo-dapr/contracts';
import {
  createGroupCommit,
  guardedUpsert,
  type StateApi,
  type StateOperation,
} from '@todo-dapr/platform';
import { emptyCounters, type StatsCounters, type TodoFacts } from '../domain/todo-stats';

const store = DaprResources.subscriberStore;
const USER_SHARDS = 16;
const MAX_ATTEMPTS = 8;

const statsKey = (userId: string) => `stats:${userId}`;
const factsKey = (userId: string, todoId: string) => `todo-facts:${userId}:${todoId}`;
const processedKey = (eventId: string) => `processed:analytics:${eventId}`;
/** Users are listed in a few shard records, so that operators can sum without a key scan. */
const shardKey = (userId: string) =>
  `stats-users:${createHash('sha256').update(userId).digest().readUInt32BE(0) % USER_SHARDS}`;
const allShardKeys = Array.from({ length: USER_SHARDS }, (_, n) => `stats-users:${n}`);

interface UserShard {
  userIds: string[];
}

/** One event's change to its user's counters, and to the facts of the todo it names. */
export interface StatsUpdate {
  eventId: string;
  userId: string;
  todoId?: string | undefined;
  update: (
    counters: StatsCounters,
    facts: TodoFacts | undefined,
  ) => { counters: StatsCounters; facts?: TodoFacts };
}

const unique = (keys: string[]) => [...new Set(keys)];

/**
 * The analytics projection in `subscriber-store`. The events of a delivery are applied
 * in one state transaction: each user's counters under their ETag, each todo's facts, and
 * a `processed:` record per event (expiring through state TTL) that turns a redelivery
 * into a no-op.
 */
export function createStatsStore(state: StateApi, processedTtlSeconds: number) {
  // Deliveries that arrive together (two topics, or a retry) share sidecar calls.
  const batched = createGroupCommit(state, store);

  /** The shard records of users seen for the first time, with those users added. */
  async function registerUsers(userIds: string[]): Promise<StateOperation[]> {
    if (userIds.length === 0) return [];
    const shards = await batched.getBulk<UserShard>(unique(userIds.map(shardKey)));
    const added = new Map<string, string[]>();
    for (const userId of userIds) {
      const key = shardKey(userId);
      const known = added.get(key) ?? shards.get(key)?.value.userIds ?? [];
      if (!known.includes(userId)) added.set(key, [...known, userId]);
    }
    return [...added].map(([key, ids]) => guardedUpsert(key, { userIds: ids }, shards.get(key)));
  }

  return {
    /**
     * Applies `updates` in their order, skipping events already processed. Retries on a
     * conflicting write (two topics or two instances, one user).
     */
    async applyAll(updates: StatsUpdate[]): Promise<void> {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const factsKeyOf = (u: StatsUpdate) => (u.todoId ? factsKey(u.userId, u.todoId) : '');
        const found = await batched.getBulk<unknown>(
          unique(
            updates.flatMap((u) =>
              [statsKey(u.userId), processedKey(u.eventId), factsKeyOf(u)].filter(Boolean),
            ),
          ),
        );
        // The values as the events of this delivery leave them, by key.
        const counters = new Map<string, StatsCounters>();
        const facts = new Map<string, TodoFacts>();
        const stored = (key: string) => found.get(key)?.value;
        const applied = new Set<string>();
        for (const u of updates) {
          if (found.has(processedKey(u.eventId)) || applied.has(u.eventId)) continue;
          applied.add(u.eventId);
          const key = statsKey(u.userId);
          const next = u.update(
            counters.get(key) ??
              (stored(key) as StatsCounters | undefined) ??
              emptyCounters(u.userId),
            u.todoId
              ? (facts.get(factsKeyOf(u)) ?? (stored(factsKeyOf(u)) as TodoFacts | undefined))
              : undefined,
          );
          counters.set(key, next.counters);
          if (u.todoId && next.facts) facts.set(factsKeyOf(u), next.facts);
        }
        if (applied.size === 0) return;
        // Only the counters need a guard: every write of a user's facts writes their
        // counters in the same transaction, so that guard covers the facts as well.
        const operations: StateOperation[] = [
          ...[...counters].map(([key, value]) => guardedUpsert(key, value, found.get(key))),
          ...[...facts].map(([key, value]): StateOperation => ({
            operation: 'upsert',
            request: { key, value },
          })),
          ...[...applied].map((eventId): StateOperation => ({
            operation: 'upsert',
            request: {
              key: processedKey(eventId),
              value: { processedAt: new Date().toISOString() },
              metadata: { ttlInSeconds: String(processedTtlSeconds) },
            },
          })),
          ...(await registerUsers(
            unique(updates.map((u) => u.userId)).filter(
              (userId) => counters.has(statsKey(userId)) && !found.has(statsKey(userId)),
            ),
          )),
        ];
        if (await batched.transact(operations)) return;
      }
      throw new Error(`the stats kept changing under ${updates.length} event(s)`);
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
