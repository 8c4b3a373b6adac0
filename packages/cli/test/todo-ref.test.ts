import type { Todo } from '@todo-dapr/client';
import { findTodo } from '../src/todo-ref.js';
import { UsageError } from '../src/usage-error.js';

const todos = ['3f2a9c1e-aaaa', '3f9b0000-bbbb', '12345678-cccc'].map(
  (id, index) => ({ id, title: `todo ${index + 1}` }) as Todo,
);

describe('findTodo', () => {
  it('takes digits as the 1-based number that todo ls shows', () => {
    expect(findTodo(todos, '1').id).toBe('3f2a9c1e-aaaa');
    expect(findTodo(todos, '3').id).toBe('12345678-cccc');
  });

  it('takes digits that number no todo as the start of an id', () => {
    expect(findTodo(todos, '12345678').id).toBe('12345678-cccc');
  });

  it('takes anything else as the start of an id, in any case', () => {
    expect(findTodo(todos, '3f2').id).toBe('3f2a9c1e-aaaa');
    expect(findTodo(todos, '3F9B').id).toBe('3f9b0000-bbbb');
    expect(findTodo(todos, '12345678-cccc').id).toBe('12345678-cccc');
  });

  it.each([
    ['0', 'There is no todo number 0 (`todo ls` shows 3 todos), and no id starts with it.'],
    ['4', 'There is no todo number 4 (`todo ls` shows 3 todos), and no id starts with it.'],
    ['3f', '"3f" starts the ids of 2 todos: give more of the id.'],
    ['zz', 'No todo has an id that starts with "zz".'],
  ])('refuses %s with a usage error', (ref, message) => {
    expect(() => findTodo(todos, ref)).toThrow(new UsageError(message));
  });
});
