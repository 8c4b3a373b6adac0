import type { IndexEntry, OutboxEntry, UserTodos } from '../domain/user-todos';

/**
 * The user's index as stored. Its entries travel as one string, `id,order,createdAt,0|1`
 * joined by `;`, and its outbox as JSON text: the sidecar then handles a few strings
 * instead of decoding and re-encoding an object per todo and per event field, which was
 * most of its CPU per write (measured with pprof).
 */
export interface StoredUserTodos {
  todos: string;
  sequence: number;
  outbox: string;
}

/** What earlier versions stored: the entries as objects, and the outbox as an array. */
type EarlierUserTodos =
  | { entries: IndexEntry[]; sequence: number; outbox: OutboxEntry[] }
  | { todos: string; sequence: number; outbox: OutboxEntry[] };

export function toStored({ entries, sequence, outbox }: UserTodos): StoredUserTodos {
  const todos = entries
    .map((e) => `${e.id},${String(e.order)},${e.createdAt},${e.completed ? 1 : 0}`)
    .join(';');
  return { todos, sequence, outbox: JSON.stringify(outbox) };
}

export function fromStored(stored: StoredUserTodos | EarlierUserTodos): UserTodos {
  const outbox =
    typeof stored.outbox === 'string'
      ? (JSON.parse(stored.outbox) as OutboxEntry[])
      : stored.outbox;
  if ('entries' in stored) return { entries: stored.entries, sequence: stored.sequence, outbox };
  const entries = stored.todos
    .split(';')
    .filter(Boolean)
    .map((line): IndexEntry => {
      const [id = '', order = '0', createdAt = '', completed] = line.split(',');
      return { id, order: Number(order), createdAt, completed: completed === '1' };
    });
  return { entries, sequence: stored.sequence, outbox };
}
