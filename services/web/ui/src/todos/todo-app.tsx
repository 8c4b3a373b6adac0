import type { TodoPriority } from '@todo-dapr/contracts';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { TodoFooter } from './todo-footer';
import { TodoItem } from './todo-item';
import { visible } from './todo-list';
import { useFilter } from './use-filter';
import type { TodoStore } from './use-todos';

/** `datetime-local`'s value (local time, no zone) as the instant the API takes. */
const instantOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** TodoMVC's todo view, with its template's markup and class names; the server is the store. */
export function TodoApp({ store }: { store: TodoStore }) {
  const filter = useFilter();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [priority, setPriority] = useState<TodoPriority>('normal');
  const [editing, setEditing] = useState<string>();
  const now = useNow(30_000);

  const { todos } = store;
  const active = todos.filter((todo) => !todo.completed).length;
  const completed = todos.length - active;

  const onNewTodoKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    const trimmed = title.trim();
    if (!trimmed) return;
    setTitle('');
    setDue('');
    setPriority('normal');
    void store.add(trimmed, instantOf(due), priority);
  };

  return (
    <section className="todoapp" aria-label="Todos">
      <header className="header">
        <h1>todos</h1>
        <input
          className="new-todo"
          placeholder="What needs to be done?"
          aria-label="New todo"
          autoFocus
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          onKeyDown={onNewTodoKeyDown}
        />
        <div className="new-todo-due">
          <label htmlFor="new-todo-due">Due (optional)</label>
          <input
            id="new-todo-due"
            type="datetime-local"
            value={due}
            onChange={(event) => setDue(event.target.value)}
          />
          <label htmlFor="new-todo-priority">Priority</label>
          <select
            id="new-todo-priority"
            value={priority}
            onChange={(event) => setPriority(event.target.value as TodoPriority)}
          >
            <option value="low">Low</option>
            <option value="normal">Normal</option>
            <option value="high">High</option>
          </select>
        </div>
      </header>
      {todos.length > 0 && (
        <section className="main">
          <input
            id="toggle-all"
            className="toggle-all"
            type="checkbox"
            checked={active === 0}
            onChange={(event) => void store.toggleAll(event.target.checked)}
          />
          <label htmlFor="toggle-all">Mark all as complete</label>
          <ul className="todo-list">
            {visible(todos, filter).map((todo) => (
              <TodoItem
                key={todo.id}
                todo={todo}
                now={now}
                editing={editing === todo.id}
                onEditStart={() => setEditing(todo.id)}
                onEditEnd={() => setEditing(undefined)}
                onToggle={() => void store.edit(todo, { completed: !todo.completed })}
                onRename={(renamed) => void store.edit(todo, { title: renamed })}
                onDestroy={() => void store.remove(todo)}
              />
            ))}
          </ul>
        </section>
      )}
      {todos.length > 0 && (
        <TodoFooter
          active={active}
          completed={completed}
          filter={filter}
          onClearCompleted={() => void store.clearCompleted()}
        />
      )}
    </section>
  );
}

/** The time now, renewed every `everyMs`, so todos turn overdue while the page is open. */
function useNow(everyMs: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
