import { createHash } from 'node:crypto';

/** The keys of todo-api's state. */
export const todoKeys = {
  userTodos: (userId: string) => `todos-of:${userId}`,
  todo: (userId: string, id: string) => `todo:${userId}:${id}`,
  // Hashed: a key may hold characters a state key must not (`||`).
  idempotency: (userId: string, key: string) =>
    `idempotency:${userId}:${createHash('sha256').update(key).digest('base64url')}`,
  /** The ids of the todo-api processes that keep a journal. */
  writers: 'todo-api-writers',
  /** One process's journal; only that process writes it. */
  writerJournal: (writerId: string) => `todo-api-writer:${writerId}`,
};
