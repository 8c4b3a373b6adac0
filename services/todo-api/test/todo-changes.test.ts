import { entriesAt, todosAt, type TodoChange } from '../src/domain/todo-changes';
import { entryOf } from '../src/domain/user-todos';
import { milk } from './support/todo-record';

const eggs = { ...milk, id: 't2', title: 'Eggs', order: 1 };
const doneMilk = { ...milk, completed: true, version: 2 };
const changes: TodoChange[] = [{ before: milk, after: doneMilk }, { after: eggs }];

describe('todosAt', () => {
  it('gives each changed todo as after the changes, or none where it was deleted', () => {
    expect(todosAt([...changes, { before: eggs }], 'after')).toEqual([
      { id: 't1', todo: doneMilk },
      { id: 't2', todo: eggs },
      { id: 't2', todo: undefined },
    ]);
  });

  it('gives them as before the changes, so a created todo is deleted by going back', () => {
    expect(todosAt(changes, 'before')).toEqual([
      { id: 't1', todo: milk },
      { id: 't2', todo: undefined },
    ]);
  });
});

describe('entriesAt', () => {
  const other = entryOf({ ...milk, id: 't0' });

  it('replaces an updated entry, adds a created one, and keeps the others', () => {
    expect(entriesAt([other, entryOf(milk)], changes, 'after')).toEqual([
      other,
      entryOf(doneMilk),
      entryOf(eggs),
    ]);
  });

  it('leaves out a deleted todo, and undoes the changes from the before side', () => {
    const after = entriesAt([entryOf(milk)], changes, 'after');

    expect(entriesAt(after, [{ before: eggs }], 'after')).toEqual([entryOf(doneMilk)]);
    expect(entriesAt(after, changes, 'before')).toEqual([entryOf(milk)]);
  });
});
