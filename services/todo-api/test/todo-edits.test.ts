import { newTodo, patchedTodo } from '../src/domain/todo-edits';
import { entryOf } from '../src/domain/user-todos';
import { milk } from './support/todo-record';

const now = '2026-11-28T08:00:00.000Z';

describe('newTodo', () => {
  it('is open, of normal priority, at version 1, and after the user’s last todo', () => {
    const last = entryOf({ ...milk, order: 4 });

    expect(newTodo({ title: 'Eggs' }, [last], 'id', now)).toEqual({
      id: 'id',
      title: 'Eggs',
      completed: false,
      order: 5,
      priority: 'normal',
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
  });

  it('takes order, description, dueAt and priority from the body, dueAt in UTC', () => {
    const todo = newTodo(
      {
        title: 'Eggs',
        order: -1,
        description: 'brown',
        dueAt: '2026-12-01T10:00:00+02:00',
        priority: 'high',
      },
      [],
      'id',
      now,
    );

    expect(todo).toMatchObject({
      order: -1,
      description: 'brown',
      dueAt: '2026-12-01T08:00:00.000Z',
      priority: 'high',
    });
  });
});

describe('patchedTodo', () => {
  it('changes the fields given, one version on, with the new updatedAt', () => {
    expect(patchedTodo(milk, { completed: true }, now)).toEqual({
      ...milk,
      completed: true,
      updatedAt: now,
      version: 2,
    });
  });

  it('changes the priority', () => {
    expect(patchedTodo(milk, { priority: 'low' }, now)).toMatchObject({
      priority: 'low',
      version: 2,
    });
    expect(patchedTodo(milk, { priority: 'normal' }, now)).toBeUndefined();
  });

  it('clears description and dueAt given as null', () => {
    const full = { ...milk, description: 'oat', dueAt: now };

    const patched = patchedTodo(full, { description: null, dueAt: null }, now);

    expect(patched).not.toHaveProperty('description');
    expect(patched).not.toHaveProperty('dueAt');
  });

  it('is undefined when nothing would change, so no event is written', () => {
    expect(patchedTodo(milk, { title: 'Milk', completed: false }, now)).toBeUndefined();
  });
});
