import { call } from './http';
import { runningSystem } from './system';

const api = () => runningSystem().apps['todo-api'].url;

/** What one user did, so that the expected stats can be worked out. */
export interface TodoWorkload {
  creates: number;
  completes: number;
  /** Deletes of completed todos, then of open ones. */
  deletesCompleted: number;
  deletesOpen: number;
}

function must(status: number, expected: number, what: string) {
  if (status !== expected) throw new Error(`${what} answered ${status}, not ${expected}`);
}

/**
 * Creates, completes and deletes the user's todos through todo-api, one call after the
 * other, calling `onWrite` after each acknowledged write.
 */
export async function runWorkload(
  token: string,
  load: TodoWorkload,
  onWrite: () => void = () => undefined,
) {
  const ids: string[] = [];
  for (let i = 0; i < load.creates; i++) {
    const created = await call(`${api()}/todos`, { token, body: { title: `todo ${i}` } });
    must(created.status, 201, 'POST /todos');
    ids.push((created.body as { id: string }).id);
    onWrite();
  }
  for (const id of ids.slice(0, load.completes)) {
    must(
      (await call(`${api()}/todos/${id}`, { method: 'PATCH', token, body: { completed: true } }))
        .status,
      200,
      'PATCH',
    );
    onWrite();
  }
  const doomed = [
    ...ids.slice(0, load.deletesCompleted),
    ...ids.slice(load.completes, load.completes + load.deletesOpen),
  ];
  for (const id of doomed) {
    must((await call(`${api()}/todos/${id}`, { method: 'DELETE', token })).status, 204, 'DELETE');
    onWrite();
  }
}

/** The stats a user must end with after `load` (and their registration). */
export function expectedStats(load: TodoWorkload) {
  const deleted = load.deletesCompleted + load.deletesOpen;
  const completed = load.completes - load.deletesCompleted;
  const total = load.creates - deleted;
  return {
    total,
    open: total - completed,
    completed,
    deleted,
    completionRate: total === 0 ? 0 : completed / total,
    createdLast7Days: load.creates,
    lastSequence: load.creates + load.completes + deleted,
    eventsProcessed: 1 + load.creates + load.completes + deleted,
  };
}
