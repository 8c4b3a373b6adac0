import { AppError } from '@todo-dapr/platform';
import { etagOf, type TodoRecord } from './todo-record';

/** `If-Match` holds when absent, `*`, or naming the current ETag (weak or strong); else 412. */
export function assertIfMatch(ifMatch: string | undefined, record: TodoRecord) {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const wanted = etagOf(record);
  if (!ifMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === wanted)) {
    throw new AppError(412, 'TODO.PRECONDITION_FAILED', 'Precondition Failed', {
      detail: `The todo changed: its ETag is now ${wanted}. Read it again and retry.`,
    });
  }
}
