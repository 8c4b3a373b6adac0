import type { Filter } from './todo-list';

interface Props {
  active: number;
  completed: number;
  filter: Filter;
  onClearCompleted: () => void;
}

const FILTERS: { filter: Filter; href: string; label: string }[] = [
  { filter: 'all', href: '#/', label: 'All' },
  { filter: 'active', href: '#/active', label: 'Active' },
  { filter: 'completed', href: '#/completed', label: 'Completed' },
];

/** TodoMVC's footer: the pluralised counter, the route links, and Clear completed. */
export function TodoFooter({ active, completed, filter, onClearCompleted }: Props) {
  return (
    <footer className="footer">
      <span className="todo-count" aria-live="polite">
        <strong>{active}</strong> {active === 1 ? 'item' : 'items'} left
      </span>
      <ul className="filters" aria-label="Show">
        {FILTERS.map((link) => (
          <li key={link.filter}>
            <a
              href={link.href}
              className={link.filter === filter ? 'selected' : undefined}
              aria-current={link.filter === filter ? 'page' : undefined}
            >
              {link.label}
            </a>
          </li>
        ))}
      </ul>
      {completed > 0 && (
        <button type="button" className="clear-completed" onClick={onClearCompleted}>
          Clear completed
        </button>
      )}
    </footer>
  );
}
