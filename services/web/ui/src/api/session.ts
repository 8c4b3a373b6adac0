import { createTodoClient } from '@todo-dapr/client';
import { refreshLockingFetch, localStorageTokenStore } from './browser-session';

export { NotLoggedInError, ProblemError, type TodoClient } from '@todo-dapr/client';

/** The app's one client, at the origin that served the page. */
export function createBrowserClient() {
  const tokens = localStorageTokenStore();
  return createTodoClient({
    origin: window.location.origin,
    tokens,
    fetch: refreshLockingFetch(tokens),
  });
}

/** What to show for a failed call: the problem's detail, else the error's message. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
