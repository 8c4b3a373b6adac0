import type { TodoEventAnyVersion } from '@todo-dapr/contracts';
import { badRequest } from '@todo-dapr/platform';
import type { TodoRecord } from './todo-record';

/** What listing needs of a todo, so a page is chosen without reading every todo. */
export interface IndexEntry {
  id: string;
  order: number;
  createdAt: string;
  completed: boolean;
}

/**
 * An event committed with its write and not yet known to be published. One committed before
 * an upgrade keeps its version: it is published as it was, and consumers upcast it.
 */
export interface OutboxEntry {
  id: string;
  event: TodoEventAnyVersion;
}

/** One record per user: the index of their todos, their event sequence, their outbox. */
export interface UserTodos {
  entries: IndexEntry[];
  sequence: number;
  outbox: OutboxEntry[];
}

export const emptyUserTodos = (): UserTodos => ({ entries: [], sequence: 0, outbox: [] });

export const entryOf = (todo: TodoRecord): IndexEntry => ({
  id: todo.id,
  order: todo.order,
  createdAt: todo.createdAt,
  completed: todo.completed,
});

/** The list order: by `order`, then creation time, then id, so it is total and stable. */
export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  return a.order - b.order || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

type CursorKey = Pick<IndexEntry, 'order' | 'createdAt' | 'id'>;

const encodeCursor = (entry: CursorKey) =>
  Buffer.from(JSON.stringify([entry.order, entry.createdAt, entry.id])).toString('base64url');

function decodeCursor(cursor: string): CursorKey {
  try {
    const [order, createdAt, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString(),
    ) as unknown[];
    if (typeof order === 'number' && typeof createdAt === 'string' && typeof id === 'string') {
      return { order, createdAt, id };
    }
  } catch {
    // Falls through to the 400 below.
  }
  throw badRequest('The cursor is not valid.', [{ path: 'cursor', message: 'Invalid cursor' }]);
}

/** One page of ids after `cursor`; the next cursor points after its last entry. */
export function pageOf(
  entries: IndexEntry[],
  query: { completed?: boolean; limit: number; cursor?: string },
): { ids: string[]; next?: string } {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const matching = entries
    .filter((entry) => query.completed === undefined || entry.completed === query.completed)
    .filter((entry) => !after || compareEntries(entry, { ...after, completed: false }) > 0)
    .sort(compareEntries);
  const page = matching.slice(0, query.limit);
  const last = page.at(-1);
  return {
    ids: page.map((entry) => entry.id),
    ...(matching.length > page.length && last && { next: encodeCursor(last) }),
  };
}
