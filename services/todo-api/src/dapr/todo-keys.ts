import { createHash } from 'node:crypto';

const hashOf = (text: string) => createHash('sha256').update(text).digest();

/** How many keys share the list of users with pending events, so none is a hot key. */
export const PENDING_USERS_SHARDS = 32;

/** The keys of todo-api's state. */
export const todoKeys = {
  userTodos: (userId: string) => `todos-of:${userId}`,
  todo: (userId: string, id: string) => `todo:${userId}:${id}`,
  // Hashed: a key may hold characters a state key must not (`||`).
  idempotency: (userId: string, key: string) =>
    `idempotency:${userId}:${hashOf(key).toString('base64url')}`,
  /** One shard of the users whose outbox is not empty; a user's shard never changes. */
  pendingUsers: (shard: number) => `users-with-events:${shard}`,
  pendingUsersOf: (userId: string) =>
    `users-with-events:${(hashOf(userId).readUInt32BE(0) % PENDING_USERS_SHARDS).toString()}`,
};
