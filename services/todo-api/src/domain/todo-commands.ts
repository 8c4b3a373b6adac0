import { createHash, randomUUID } from 'node:crypto';
import { toUtcDateTime, type CreateTodoBody, type PatchTodoBody } from '@todo-dapr/contracts';
import { AppError, notFound, type StateOperation } from '@todo-dapr/platform';
import { todoKeys, type TodoStore } from '../dapr/todo-store';
import { etagOf, type TodoRecord } from './todo-record';
import type { UserTodos } from './user-todos';
import type { UserWrites } from './user-writes';

export interface TodoCommandDeps {
  store: TodoStore;
  writes: UserWrites;
  maxTodosPerUser: number;
  idempotencyTtlSeconds: number;
}

/** The first answer to an Idempotency-Key, replayed for 24 hours. */
interface IdempotentAnswer {
  requestHash: string;
  todo: TodoRecord;
}

const todoNotFound = (id: string) => notFound('TODO.NOT_FOUND', `No todo ${id}.`);
const hashOf = (body: unknown) =>
  createHash('sha256').update(JSON.stringify(body)).digest('base64url');

/** `If-Match` holds when absent, `*`, or naming the current ETag (weak or strong). */
function assertMatches(ifMatch: string | undefined, record: TodoRecord) {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const wanted = etagOf(record);
  if (!ifMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === wanted)) {
    throw new AppError(412, 'TODO.PRECONDITION_FAILED', 'Precondition Failed', {
      detail: `The todo changed: its ETag is now ${wanted}. Read it again and retry.`,
    });
  }
}

export function createTodoCommands(deps: TodoCommandDeps) {
  const { store, writes } = deps;

  async function currentRecord(userId: string, current: UserTodos, id: string) {
    const record = current.entries.some((entry) => entry.id === id)
      ? (await store.todos(userId, [id])).get(id)
      : undefined;
    if (!record) throw todoNotFound(id);
    return record;
  }

  async function create(userId: string, body: CreateTodoBody, idempotencyKey?: string) {
    const requestHash = hashOf(body);
    const answerKey = idempotencyKey && todoKeys.idempotency(userId, idempotencyKey);
    return writes.write(userId, async (current) => {
      if (answerKey) {
        const first = await store.get<IdempotentAnswer>(answerKey);
        if (first && first.value.requestHash !== requestHash) {
          throw new AppError(422, 'IDEMPOTENCY.KEY_REUSED', 'Unprocessable Content', {
            detail: 'This Idempotency-Key was used with a different request body.',
          });
        }
        if (first) return { changes: [], result: { todo: first.value.todo, replayed: true } };
      }
      if (current.entries.length >= deps.maxTodosPerUser) {
        throw new AppError(409, 'TODO.LIMIT_REACHED', 'Conflict', {
          detail: `A user can have at most ${deps.maxTodosPerUser} todos.`,
        });
      }
      const now = new Date().toISOString();
      const todo: TodoRecord = {
        id: randomUUID(),
        title: body.title,
        ...(body.description !== undefined && { description: body.description }),
        completed: body.completed ?? false,
        order: body.order ?? Math.max(0, ...current.entries.map((entry) => entry.order + 1)),
        ...(body.dueAt !== undefined && { dueAt: toUtcDateTime(body.dueAt) }),
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      const operations: StateOperation[] = answerKey
        ? [
            {
              operation: 'upsert',
              request: {
                key: answerKey,
                value: { requestHash, todo } satisfies IdempotentAnswer,
                metadata: { ttlInSeconds: String(deps.idempotencyTtlSeconds) },
                options: { concurrency: 'first-write' },
              },
            },
          ]
        : [];
      return { changes: [{ after: todo }], operations, result: { todo, replayed: false } };
    });
  }

  function update(userId: string, id: string, body: PatchTodoBody, ifMatch?: string) {
    return writes.write(userId, async (current) => {
      const before = await currentRecord(userId, current, id);
      assertMatches(ifMatch, before);
      const after: TodoRecord = { ...before };
      if (body.title !== undefined) after.title = body.title;
      if (body.completed !== undefined) after.completed = body.completed;
      if (body.order !== undefined) after.order = body.order;
      if (body.description === null) delete after.description;
      else if (body.description !== undefined) after.description = body.description;
      if (body.dueAt === null) delete after.dueAt;
      else if (body.dueAt !== undefined) after.dueAt = toUtcDateTime(body.dueAt);
      const changed = (['title', 'description', 'completed', 'order', 'dueAt'] as const).some(
        (field) => before[field] !== after[field],
      );
      if (!changed) return { changes: [], result: before };
      const updated = {
        ...after,
        updatedAt: new Date().toISOString(),
        version: before.version + 1,
      };
      return { changes: [{ before, after: updated }], result: updated };
    });
  }

  function remove(userId: string, id: string, ifMatch?: string) {
    return writes.write(userId, async (current) => {
      const before = await currentRecord(userId, current, id);
      assertMatches(ifMatch, before);
      return { changes: [{ before }], result: undefined };
    });
  }

  /** Deletes the user's todos (only the completed ones with `completed`), one event each. */
  function clear(userId: string, completed?: boolean) {
    return writes.write(userId, async (current) => {
      const ids = current.entries
        .filter((entry) => completed === undefined || entry.completed === completed)
        .map((entry) => entry.id);
      const records = await store.todos(userId, ids);
      return { changes: [...records.values()].map((before) => ({ before })), result: records.size };
    });
  }

  return { create, update, remove, clear };
}
export type TodoCommands = ReturnType<typeof createTodoCommands>;
