import type { IndexEntry, OutboxEntry, UserTodos } from '../domain/user-todos';

/**
 * The user's index as stored. Its entries travel as one string, `id,order,createdAt,0|1`
 * joined by `;`: the sidecar then handles one value instead of decoding and re-encoding an
 * object per todo, which was most of its CPU per write (measured with pprof).
 */
export interface StoredUserTodos {
  todos: string;
  sequence: number;
  outbox: OutboxEntry[];
}

/** What earlier versions stored: the entries as objects. */
interface ObjectUserTodos {
  entries: IndexEntry[];
  sequence: number;
  outbox: OutboxEntry[];
}

export function toStored({ entries, sequence, outbox }: UserTodos): StoredUserTodos {
  const todos = entries
    .map((e) => `${e.id},${String(e.order)},${e.createdAt},${e.completed ? 1 : 0}`)
    .join(';');
  return { todos, sequence, outbox };
}

export function fromStored(stored: StoredUserTodos | ObjectUserTodos): UserTodos {
  if ('entries' in stored) return stored;
  const entries = stored.todos
    .split(';')
    .filter(Boolean)
    .map((line): IndexEntry => {
      const [id = '', order = '0', createdAt = '', completed] = line.split(',');
      return { id, order: Number(order), createdAt, completed: completed === '1' };
    });
  return { entries, sequence: stored.sequence, outbox: stored.outbox };
}
