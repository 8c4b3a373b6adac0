import {
  exampleTodoCreated,
  readTodoEvent,
  readUserEvent,
  TodoEvent,
  withoutNulls,
  type TodoEventAnyVersion,
} from '../src';

const withoutPriority = (todo: object) =>
  Object.fromEntries(Object.entries(todo).filter(([key]) => key !== 'priority'));

/** A todo_created as version 1 published it: no priority on its todo. */
function createdV1(): TodoEventAnyVersion {
  const event = exampleTodoCreated();
  return { ...event, schemaVersion: 1, todo: withoutPriority(event.todo) } as TodoEventAnyVersion;
}

describe('readTodoEvent', () => {
  it('upcasts a version 1 todo_created to version 2, with priority normal', () => {
    const v1 = createdV1();

    expect(readTodoEvent(v1)).toEqual({
      ok: true,
      event: { ...v1, schemaVersion: 2, todo: { ...v1.todo, priority: 'normal' } },
    });
  });

  it('upcasts a version 1 todo_updated and keeps its changes as they are', () => {
    const { todo, ...base } = createdV1();
    const v1 = { ...base, event: 'todo_updated', todo, changes: ['completed', 'title'] };

    const read = readTodoEvent(v1);

    expect(read).toEqual({
      ok: true,
      event: { ...v1, schemaVersion: 2, todo: { ...todo, priority: 'normal' } },
    });
  });

  it('reads a version 2 event as it is, priority and changes included', () => {
    const created = exampleTodoCreated();
    const updated = {
      ...created,
      event: 'todo_updated',
      todo: { ...created.todo, priority: 'high' },
      changes: ['priority'],
    };

    expect(readTodoEvent(created)).toEqual({ ok: true, event: created });
    expect(readTodoEvent(updated)).toEqual({ ok: true, event: updated });
    expect(TodoEvent.safeParse(updated).success).toBe(true);
  });

  it('reads todo_deleted version 1, which has no version 2', () => {
    const deleted = { ...createdV1(), event: 'todo_deleted', todo: { id: 't', version: 3 } };

    expect(readTodoEvent(deleted)).toEqual({ ok: true, event: deleted });
    expect(readTodoEvent({ ...deleted, schemaVersion: 2 })).toEqual({
      ok: false,
      reason: 'todo_deleted schemaVersion 2 is not one this consumer knows (1)',
    });
  });

  it('fails a version it does not know with a reason naming the versions it knows', () => {
    expect(readTodoEvent({ ...exampleTodoCreated(), schemaVersion: 3 })).toEqual({
      ok: false,
      reason: 'todo_created schemaVersion 3 is not one this consumer knows (1, 2)',
    });
  });

  it('drops null fields at any depth before parsing, as the registry wire format gives them', () => {
    const created = exampleTodoCreated();
    const fromAvro = { ...created, todo: { ...created.todo, description: null, dueAt: null } };

    expect(readTodoEvent(fromAvro)).toEqual({ ok: true, event: created });
    expect(withoutNulls({ a: null, b: [null, { c: null, d: 1 }] })).toEqual({
      b: [null, { d: 1 }],
    });
  });

  it('fails an event that breaks its version’s contract, naming each field', () => {
    const created = exampleTodoCreated();
    // Version 1 with a todo of version 2 is fine (extra fields are ignored), but
    // version 2 without a priority is not.
    const read = readTodoEvent({
      ...created,
      todo: { ...withoutPriority(created.todo), title: '' },
    });

    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toMatch(/^breaks the todos contract: /);
    expect(!read.ok && read.reason).toContain('todo.title: ');
    expect(!read.ok && read.reason).toContain('todo.priority: ');
  });

  it('fails what has no known event name or no integer schemaVersion', () => {
    expect(readTodoEvent({ ...exampleTodoCreated(), event: 'todo_renamed' })).toEqual({
      ok: false,
      reason:
        'breaks the todos contract: event: expected one of todo_created, todo_updated, todo_deleted, got "todo_renamed"',
    });
    expect(readTodoEvent({ ...exampleTodoCreated(), schemaVersion: '2' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^breaks the todos contract: schemaVersion: /) as unknown,
    });
    expect(readTodoEvent('todo_created')).toEqual({
      ok: false,
      reason: 'breaks the todos contract: (data): expected an object',
    });
  });
});

describe('readUserEvent', () => {
  it('fails a version it does not know with the same kind of reason', () => {
    const event = {
      event: 'user_registered',
      schemaVersion: 2,
      occurredAt: new Date().toISOString(),
      userId: 'u1',
      sequence: 1,
      user: { id: 'u1', username: 'ann', email: 'ann@example.com' },
    };

    expect(readUserEvent({ ...event, schemaVersion: 1 })).toMatchObject({ ok: true });
    expect(readUserEvent(event)).toEqual({
      ok: false,
      reason: 'user_registered schemaVersion 2 is not one this consumer knows (1)',
    });
  });
});
