import { guardedUpsert, type GroupCommit, type StateOperation } from '@todo-dapr/platform';
import { PENDING_USERS_SHARDS, todoKeys } from './todo-keys';

/** One shard of the users with pending events, as stored. */
interface StoredPendingUsers {
  userIds: string[];
}

/**
 * The list of users whose outbox is not empty, kept in state in shards, so that the sweep
 * finds them on every store without a query or a key scan.
 */
export function createPendingUsers(batched: GroupCommit) {
  return {
    /** Every user listed, from one bulk read of all shards. */
    async all(): Promise<string[]> {
      const keys = Array.from({ length: PENDING_USERS_SHARDS }, (_, n) => todoKeys.pendingUsers(n));
      const found = await batched.getBulk<StoredPendingUsers>(keys);
      return [...found.values()].flatMap(({ value }) => value.userIds);
    },

    /**
     * The operation that adds the user to their shard or removes them, guarded by the shard's
     * ETag; none when the shard already says so.
     */
    async change(userId: string, change: 'add' | 'remove'): Promise<StateOperation[]> {
      const key = todoKeys.pendingUsersOf(userId);
      const found = (await batched.getBulk<StoredPendingUsers>([key])).get(key);
      const listed = found?.value.userIds ?? [];
      if (listed.includes(userId) === (change === 'add')) return [];
      const userIds = change === 'add' ? [...listed, userId] : listed.filter((id) => id !== userId);
      return [guardedUpsert(key, { userIds } satisfies StoredPendingUsers, found ?? {})];
    },
  };
}
