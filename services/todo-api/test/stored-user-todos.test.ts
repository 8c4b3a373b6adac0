import { exampleTodoCreated } from '@todo-dapr/contracts';
import { fromStored, toStored } from '../src/dapr/stored-user-todos';
import type { UserTodos } from '../src/domain/user-todos';

const index: UserTodos = {
  entries: [
    {
      id: '0b9f6f5e-3f3c-4d8e-9a36-2f0f8d6b1c11',
      order: -2.5,
      createdAt: '2026-11-27T10:00:00.123Z',
      completed: true,
    },
    {
      id: '6c3a1a2e-7a4b-4c9f-8d1e-5b2a9e0f4d22',
      order: 1e21,
      createdAt: '2026-11-27T10:00:01.000Z',
      completed: false,
    },
  ],
  sequence: 7,
  outbox: [],
};

describe('the stored form of a user index', () => {
  it('gives back the same index it was made from', () => {
    expect(fromStored(toStored(index))).toEqual(index);
  });

  it('keeps the entries in one string, with no character JSON has to escape', () => {
    const { todos } = toStored(index);

    expect(typeof todos).toBe('string');
    expect(JSON.stringify(todos)).toBe(`"${todos}"`);
  });

  it('stores an empty index as an empty string and reads it back empty', () => {
    const empty: UserTodos = { entries: [], sequence: 0, outbox: [] };

    expect(toStored(empty).todos).toBe('');
    expect(fromStored(toStored(empty))).toEqual(empty);
  });

  it('keeps the outbox as one JSON text, and reads it back', () => {
    const event = exampleTodoCreated('u1', 'http://x');
    const withOutbox: UserTodos = { ...index, outbox: [{ id: 'e1', event }] };

    const stored = toStored(withOutbox);

    expect(typeof stored.outbox).toBe('string');
    expect(fromStored(stored)).toEqual(withOutbox);
  });

  it('reads an index stored by an earlier version, with the entries as objects', () => {
    expect(fromStored(index)).toEqual(index);
  });

  it('reads an index stored by an earlier version, with the outbox as an array', () => {
    const event = exampleTodoCreated('u1', 'http://x');
    const earlier = { ...toStored(index), outbox: [{ id: 'e1', event }] };

    expect(fromStored(earlier)).toEqual({ ...index, outbox: [{ id: 'e1', event }] });
  });
});
