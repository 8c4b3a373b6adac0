import { CreateTodoBody, PatchTodoBody, Todo, toUtcDateTime } from '../src';

const stored = {
  id: 't1',
  completed: false,
  order: 0,
  createdAt: '2026-11-27T12:00:00.000Z',
  updatedAt: '2026-11-27T12:00:00.000Z',
  version: 1,
  url: 'http://todo.example/todos/t1',
};

/** The todo an accepted body becomes, as events carry it. */
const todoFrom = (body: CreateTodoBody) => ({
  ...stored,
  priority: 'normal',
  ...body,
  ...(body.dueAt !== undefined && { dueAt: toUtcDateTime(body.dueAt) }),
});

describe('a REST body', () => {
  it.each([
    ['an offset that moves it before year 0000', '0000-01-01T00:00:00+01:00'],
    ['an offset that moves it past year 9999', '9999-12-31T23:00:00-02:00'],
  ])('refuses a dueAt with %s, which no event could carry', (_name, dueAt) => {
    const created = CreateTodoBody.safeParse({ title: 'x', dueAt });
    const patched = PatchTodoBody.safeParse({ dueAt });

    expect(created.error?.issues.map((issue) => issue.path)).toEqual([['dueAt']]);
    expect(patched.error?.issues.map((issue) => issue.path)).toEqual([['dueAt']]);
  });

  it.each([
    '0000-01-01T00:00:00-01:00',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '9999-12-31T23:00:00+02:00',
    '2024-02-29T23:30:00.123456-01:00',
  ])('accepts dueAt %s, and the todo it makes fits the event contract', (dueAt) => {
    const body = CreateTodoBody.parse({ title: 'x', dueAt });

    expect(Todo.safeParse(todoFrom(body)).success).toBe(true);
  });

  it('at the limit of every field, makes a todo that fits the event contract', () => {
    const limits = [
      { title: 't'.repeat(200), description: 'd'.repeat(2000), order: 1_000_000_000 },
      { title: ` ${'t'.repeat(198)} `, description: '', order: -1_000_000_000, completed: true },
      { title: 't', priority: 'high' },
      { title: 't', priority: 'low' },
    ];

    for (const limit of limits) {
      expect(Todo.safeParse(todoFrom(CreateTodoBody.parse(limit))).success).toBe(true);
    }
  });

  it('refuses a priority that is not low, normal or high, naming the field', () => {
    const created = CreateTodoBody.safeParse({ title: 'x', priority: 'urgent' });
    const patched = PatchTodoBody.safeParse({ priority: null });

    expect(created.error?.issues.map((issue) => issue.path)).toEqual([['priority']]);
    expect(patched.error?.issues.map((issue) => issue.path)).toEqual([['priority']]);
    expect(PatchTodoBody.parse({ priority: 'low' })).toEqual({ priority: 'low' });
  });

  it('refuses a dueAt that is no date-time, without throwing', () => {
    expect(CreateTodoBody.safeParse({ title: 'x', dueAt: '2026-01-01T00:00:00+01' }).success).toBe(
      false,
    );
  });
});
