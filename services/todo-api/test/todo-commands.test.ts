import type { TodoStore } from '../src/dapr/todo-store';
import { requestHashOf, type IdempotentAnswer } from '../src/domain/idempotency';
import { createTodoCommands } from '../src/domain/todo-commands';
import type { TodoRecord } from '../src/domain/todo-record';
import { entryOf } from '../src/domain/user-todos';
import type { UserWrites } from '../src/domain/user-writes';
import type { WriteDecision } from '../src/domain/write-commit';
import { milk } from './support/todo-record';

const eggs: TodoRecord = { ...milk, id: 't2', title: 'Eggs', completed: true, order: 1 };

/** The commands on a user who has `records`; each write decides once and is recorded. */
function commandsFor(records: TodoRecord[], answers: Record<string, IdempotentAnswer> = {}) {
  const decisions: WriteDecision<unknown>[] = [];
  const current = { entries: records.map(entryOf), sequence: records.length, outbox: [] };
  const store = {
    todos: (_userId: string, ids: string[]) =>
      Promise.resolve(new Map(records.filter((r) => ids.includes(r.id)).map((r) => [r.id, r]))),
    firstAnswer: (_userId: string, key: string) => Promise.resolve(answers[key]),
  } as unknown as TodoStore;
  const writes: Pick<UserWrites, 'write'> = {
    write: async (_userId, decide) => {
      const decision = await decide(current);
      decisions.push(decision);
      return decision.result;
    },
  };
  const commands = createTodoCommands({ store, writes, maxTodosPerUser: 2 });
  return { commands, decisions };
}

describe('create', () => {
  it('decides one new todo, and keeps the first answer to its Idempotency-Key', async () => {
    const { commands, decisions } = commandsFor([milk]);

    const { todo, replayed } = await commands.create('u1', { title: 'Eggs' }, 'k1');

    expect(replayed).toBe(false);
    expect(decisions).toEqual([
      {
        changes: [{ after: todo }],
        firstAnswer: { idempotencyKey: 'k1', answer: { requestHash: expect.any(String), todo } },
        result: { todo, replayed: false },
      },
    ]);
  });

  it('with a key answered before, changes nothing and gives the first answer again', async () => {
    const first = { requestHash: requestHashOf({ title: 'Eggs' }), todo: eggs };
    const { commands, decisions } = commandsFor([], { k1: first });

    const again = await commands.create('u1', { title: 'Eggs' }, 'k1');

    expect(again).toEqual({ todo: eggs, replayed: true });
    expect(decisions[0]?.changes).toEqual([]);
  });

  it('past the limit of todos per user, answers 409', async () => {
    const { commands } = commandsFor([milk, eggs]);

    await expect(commands.create('u1', { title: 'Bread' })).rejects.toMatchObject({
      status: 409,
      code: 'TODO.LIMIT_REACHED',
    });
  });
});

describe('update', () => {
  it('decides the change from the stored todo to the patched one', async () => {
    const { commands, decisions } = commandsFor([milk]);

    const updated = await commands.update('u1', 't1', { completed: true }, '"1"');

    expect(updated).toMatchObject({ completed: true, version: 2 });
    expect(decisions[0]?.changes).toEqual([{ before: milk, after: updated }]);
  });

  it('that changes nothing, writes nothing and answers the todo as it is', async () => {
    const { commands, decisions } = commandsFor([milk]);

    expect(await commands.update('u1', 't1', { title: 'Milk' })).toBe(milk);
    expect(decisions[0]?.changes).toEqual([]);
  });

  it('of a todo the user’s index does not list, answers 404', async () => {
    const { commands } = commandsFor([]);

    await expect(commands.update('u1', 't1', { completed: true })).rejects.toMatchObject({
      status: 404,
      code: 'TODO.NOT_FOUND',
    });
  });
});

describe('remove and clear', () => {
  it('remove decides the todo’s deletion, after its If-Match', async () => {
    const { commands, decisions } = commandsFor([milk]);

    await expect(commands.remove('u1', 't1', '"2"')).rejects.toMatchObject({ status: 412 });
    await commands.remove('u1', 't1', '"1"');

    expect(decisions.map((decision) => decision.changes)).toEqual([[{ before: milk }]]);
  });

  it('clear with completed deletes only the completed todos, and counts them', async () => {
    const { commands, decisions } = commandsFor([milk, eggs]);

    expect(await commands.clear('u1', true)).toBe(1);
    expect(decisions[0]?.changes).toEqual([{ before: eggs }]);
  });
});
