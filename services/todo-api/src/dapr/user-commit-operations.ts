import { guardedUpsert, type StateOperation } from '@todo-dapr/platform';
import type { UserCommit } from '../domain/user-commit';
import { toStored } from './stored-user-todos';
import { todoKeys } from './todo-keys';

/**
 * One commit as the operations of one state transaction: each todo written or deleted, the
 * first answer to an Idempotency-Key (first-write, expiring), and last the user's index
 * under the ETag it was read with (first-write for a new user).
 */
export function operationsOf(
  userId: string,
  commit: UserCommit,
  read: { etag?: string | undefined },
  idempotencyTtlSeconds: number,
): StateOperation[] {
  const todos = commit.todos.map(({ id, todo }): StateOperation => {
    const key = todoKeys.todo(userId, id);
    return todo
      ? { operation: 'upsert', request: { key, value: todo } }
      : { operation: 'delete', request: { key } };
  });
  const { firstAnswer } = commit;
  const answer: StateOperation[] = firstAnswer
    ? [
        {
          operation: 'upsert',
          request: {
            key: todoKeys.idempotency(userId, firstAnswer.idempotencyKey),
            value: firstAnswer.answer,
            metadata: { ttlInSeconds: String(idempotencyTtlSeconds) },
            options: { concurrency: 'first-write' },
          },
        },
      ]
    : [];
  const index = guardedUpsert(todoKeys.userTodos(userId), toStored(commit.index), read);
  return [...todos, ...answer, index];
}
