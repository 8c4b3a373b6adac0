import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { isOverdue, type ViewTodo } from './todo-list';

interface Props {
  todo: ViewTodo;
  now: number;
  editing: boolean;
  onEditStart: () => void;
  onEditEnd: () => void;
  onToggle: () => void;
  onRename: (title: string) => void;
  onDestroy: () => void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One `li` of TodoMVC's `ul.todo-list`: view, or editing after a double-click. */
export function TodoItem({
  todo,
  now,
  editing,
  onEditStart,
  onEditEnd,
  onToggle,
  onRename,
  onDestroy,
}: Props) {
  const [draft, setDraft] = useState(todo.title);
  const input = useRef<HTMLInputElement>(null);
  // Escape ends editing, and the blur that follows must not save.
  const cancelled = useRef(false);

  useEffect(() => {
    if (!editing) return;
    cancelled.current = false;
    setDraft(todo.title);
    input.current?.focus();
    // Only when editing starts: a live update of the title must not reset the draft.
  }, [editing]);

  const save = () => {
    if (cancelled.current) return;
    cancelled.current = true;
    const title = draft.trim();
    if (!title) onDestroy();
    else if (title !== todo.title) onRename(title);
    onEditEnd();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') save();
    if (event.key === 'Escape') {
      cancelled.current = true;
      setDraft(todo.title);
      onEditEnd();
    }
  };

  const overdue = isOverdue(todo, now);
  const classes = [
    todo.completed && 'completed',
    editing && 'editing',
    overdue && 'overdue',
    todo.pending && 'pending',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li className={classes || undefined} data-id={todo.id}>
      <div className="view">
        <input
          className="toggle"
          type="checkbox"
          checked={todo.completed}
          onChange={onToggle}
          aria-label={`Completed: ${todo.title}`}
        />
        <label onDoubleClick={onEditStart}>{todo.title}</label>
        {todo.priority !== 'normal' && (
          <span className={`priority priority-${todo.priority}`}>
            {todo.priority === 'high' ? 'High priority' : 'Low priority'}
          </span>
        )}
        {todo.dueAt && (
          <time className="due" dateTime={todo.dueAt}>
            {overdue ? 'Overdue: ' : 'Due '}
            {dateFormat.format(new Date(todo.dueAt))}
          </time>
        )}
        <button
          type="button"
          className="edit-button"
          onClick={onEditStart}
          aria-label={`Edit: ${todo.title}`}
        >
          Edit
        </button>
        <button
          type="button"
          className="destroy"
          onClick={onDestroy}
          aria-label={`Delete: ${todo.title}`}
        />
      </div>
      {editing && (
        <input
          ref={input}
          className="edit"
          value={draft}
          aria-label={`Edit title of ${todo.title}`}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={save}
          onKeyDown={onKeyDown}
        />
      )}
    </li>
  );
}
