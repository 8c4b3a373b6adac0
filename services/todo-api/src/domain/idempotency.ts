import { createHash } from 'node:crypto';
import { AppError } from '@todo-dapr/platform';
import type { TodoRecord } from './todo-record';

/** The first answer to an Idempotency-Key, replayed for IDEMPOTENCY_TTL_SECONDS. */
export interface IdempotentAnswer {
  requestHash: string;
  todo: TodoRecord;
}

/** A first answer to keep, with the key it answers. */
export interface FirstAnswer {
  idempotencyKey: string;
  answer: IdempotentAnswer;
}

export const requestHashOf = (body: unknown) =>
  createHash('sha256').update(JSON.stringify(body)).digest('base64url');

/** The todo to answer again, if the key was seen; 422 if it came with another body then. */
export function replayOf(first: IdempotentAnswer | undefined, requestHash: string) {
  if (first && first.requestHash !== requestHash) {
    throw new AppError(422, 'IDEMPOTENCY.KEY_REUSED', 'Unprocessable Content', {
      detail: 'This Idempotency-Key was used with a different request body.',
    });
  }
  return first?.todo;
}
