import { fromStored, type StoredUserTodos } from '../src/dapr/stored-user-todos';
import { operationsOf } from '../src/dapr/user-commit-operations';
import { emptyUserTodos, entryOf } from '../src/domain/user-todos';
import { milk } from './support/todo-record';

const index = { ...emptyUserTodos(), entries: [entryOf(milk)], sequence: 1 };

describe('the state operations of a commit', () => {
  it('write each todo, then the index under the ETag it was read with', () => {
    const operations = operationsOf(
      'u1',
      { index, todos: [{ id: 't1', todo: milk }] },
      { etag: '7' },
      60,
    );

    expect(operations).toEqual([
      { operation: 'upsert', request: { key: 'todo:u1:t1', value: milk } },
      { operation: 'upsert', request: { key: 'todos-of:u1', value: expect.anything(), etag: '7' } },
    ]);
    const [, written] = operations;
    expect(
      written?.operation === 'upsert' && fromStored(written.request.value as StoredUserTodos),
    ).toEqual(index);
  });

  it('delete a todo that is gone, and write a new user’s index only if none exists', () => {
    const operations = operationsOf('u1', { index, todos: [{ id: 't1' }] }, {}, 60);

    expect(operations).toEqual([
      { operation: 'delete', request: { key: 'todo:u1:t1' } },
      expect.objectContaining({
        request: expect.objectContaining({ options: { concurrency: 'first-write' } }),
      }),
    ]);
  });

  it('keep a first answer under a hashed key, only if none is there, until its TTL', () => {
    const answer = { requestHash: 'h', todo: milk };

    const [, kept] = operationsOf(
      'u1',
      { index, todos: [{ id: 't1', todo: milk }], firstAnswer: { idempotencyKey: 'a||b', answer } },
      { etag: '7' },
      86_400,
    );

    expect(kept?.request).toEqual({
      key: expect.stringMatching(/^idempotency:u1:[\w-]{43}$/),
      value: answer,
      metadata: { ttlInSeconds: '86400' },
      options: { concurrency: 'first-write' },
    });
  });
});
