import { createHash } from 'node:crypto';
import { DaprResources } from '@todo-dapr/contracts';
import {
  createGroupCommit,
  guardedUpsert,
  type StateApi,
  type StateOperation,
  type StoredValue,
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

export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * The analytics projection in `subscriber-store`. Each event is applied in one state
 * transaction: the user's counters and the todo's facts under their ETags, plus a
 * `processed:` record (expiring through state TTL) that turns a redelivery into a no-op.
 */
export function createStatsStore(state: StateApi, processedTtlSeconds: number) {
  // Events delivered at the same time (one per partition) share sidecar calls.
  const batched = createGroupCommit(state, store);
  return {
    /**
     * Applies `update` for event `eventId` of `userId`; `todoId` names the todo whose facts
     * it reads and writes. Retries on a conflicting write (two topics, one user).
     */
    async apply(
      eventId: string,
      userId: string,
      todoId: string | undefined,
      update: (
        counters: StatsCounters,
        facts: TodoFacts | undefined,
      ) => { counters: StatsCounters; facts?: TodoFacts },
    ): Promise<ApplyOutcome> {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const keys = [statsKey(userId), processedKey(eventId)];
        if (todoId) keys.push(factsKey(userId, todoId));
        const found = await batched.getBulk<unknown>(keys);
        if (found.has(processedKey(eventId))) return 'duplicate';
        const stats = found.get(statsKey(userId)) as StoredValue<StatsCounters> | undefined;
        const facts = todoId
          ? (found.get(factsKey(userId, todoId)) as StoredValue<TodoFacts> | undefined)
          : undefined;
        const next = update(stats?.value ?? emptyCounters(userId), facts?.value);
        const operations: StateOperation[] = [
          guardedUpsert(statsKey(userId), next.counters, stats),
          {
            operation: 'upsert',
            request: {
              key: processedKey(eventId),
              value: { processedAt: new Date().toISOString() },
              metadata: { ttlInSeconds: String(processedTtlSeconds) },
            },
          },
        ];
        if (todoId && next.facts) {
          operations.push(guardedUpsert(factsKey(userId, todoId), next.facts, facts));
        }
        if (!stats) {
          const shard = (await batched.getBulk<UserShard>([shardKey(userId)])).get(
            shardKey(userId),
          );
          const userIds = shard?.value.userIds ?? [];
          if (!userIds.includes(userId)) {
            operations.push(
              guardedUpsert(shardKey(userId), { userIds: [...userIds, userId] }, shard),
            );
          }
        }
        if (await batched.transact(operations)) return 'applied';
      }
      throw new Error(`the stats of ${userId} kept changing under event ${eventId}`);
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
