import type { TodoRecord } from './todo-record';
import { entryOf, type IndexEntry } from './user-todos';

/** One accepted change of one todo: created (no before), updated, or deleted (no after). */
export interface TodoChange {
  before?: TodoRecord;
  after?: TodoRecord;
}

/** One side of a set of changes: the todos as before them, or as after them. */
export type Side = 'before' | 'after';

/** A todo to write as it is to be, or to delete (no `todo`). */
export interface TodoWrite {
  id: string;
  todo?: TodoRecord;
}

export const idOf = (change: TodoChange) => (change.before ?? change.after)?.id ?? '';

/** The todos as `side` of the changes has them. */
export const todosAt = (changes: TodoChange[], side: Side): TodoWrite[] =>
  changes.map((change) => ({ id: idOf(change), todo: change[side] }));

/** The index entries with each changed todo as `side` has it: replaced, added or gone. */
export function entriesAt(entries: IndexEntry[], changes: TodoChange[], side: Side) {
  const touched = new Set(changes.map(idOf));
  const kept = entries.filter((entry) => !touched.has(entry.id));
  const written = changes.flatMap((change) => (change[side] ? [entryOf(change[side])] : []));
  return [...kept, ...written];
}
