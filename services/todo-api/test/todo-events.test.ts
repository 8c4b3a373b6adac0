import { TodoEvent } from '@todo-dapr/contracts';
import { eventFor } from '../src/domain/todo-events';
import type { TodoRecord } from '../src/domain/todo-record';

const before: TodoRecord = {
  id: 't1',
  title: 'Old',
  completed: false,
  order: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  priority: 'normal',
};
const after: TodoRecord = { ...before, title: 'New', completed: true, version: 2 };

describe('eventFor', () => {
  it('names a creation todo_created, with a stable id and the contract’s shape', () => {
    const { id, event } = eventFor({ after: before }, 'u1', 7, 'http://x');

    expect(id).toBe('t1:1:todo_created');
    expect(TodoEvent.parse(event)).toMatchObject({
      event: 'todo_created',
      schemaVersion: 2,
      todo: { priority: 'normal' },
      sequence: 7,
      userId: 'u1',
    });
  });

  it('lists exactly the changed fields of an update', () => {
    const { event } = eventFor({ before, after }, 'u1', 8, 'http://x');

    expect(event).toMatchObject({
      event: 'todo_updated',
      schemaVersion: 2,
      changes: ['title', 'completed'],
    });
  });

  it('lists a changed priority, and carries the new one', () => {
    const { event } = eventFor(
      { before, after: { ...before, priority: 'high', version: 2 } },
      'u1',
      8,
      'http://x',
    );

    expect(event).toMatchObject({ changes: ['priority'], todo: { priority: 'high' } });
  });

  it('refuses a change whose event would break the contract: 422 with the todo’s field path', () => {
    // Stored before dueAt was bounded: its UTC form has a six-digit year.
    const legacy = { ...before, dueAt: '-000001-12-31T23:00:00.000Z' };

    const attempt = () =>
      eventFor(
        { before: legacy, after: { ...legacy, title: 'New', version: 2 } },
        'u1',
        8,
        'http://x',
      );

    expect(attempt).toThrow(
      expect.objectContaining({
        status: 422,
        code: 'TODO.EVENT_INVALID',
        errors: [expect.objectContaining({ path: 'dueAt' })],
      }),
    );
  });

  it('carries only the id and last version of a deleted todo', () => {
    const { id, event } = eventFor({ before: after }, 'u1', 9, 'http://x');

    expect(id).toBe('t1:2:todo_deleted');
    expect(event).toMatchObject({
      event: 'todo_deleted',
      schemaVersion: 1,
      todo: { id: 't1', version: 2 },
    });
  });
});
