import { useEffect, useState } from 'react';
import type { Filter } from './todo-list';

/** TodoMVC's routes: `#/` (all), `#/active`, `#/completed`; `#!/…` is read the same way. */
export function filterOf(hash: string): Filter {
  const route = hash.replace(/^#!?/, '');
  if (route === '/active') return 'active';
  if (route === '/completed') return 'completed';
  return 'all';
}

export function useFilter(): Filter {
  const [filter, setFilter] = useState(() => filterOf(window.location.hash));
  useEffect(() => {
    const follow = () => setFilter(filterOf(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return filter;
}
