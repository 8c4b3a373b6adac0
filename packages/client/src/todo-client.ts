import type {
  CreateTodoBody,
  DeadLetter,
  PatchTodoBody,
  Todo,
  TokenResponse,
  UserProfile,
  UserStats,
} from '@todo-dapr/contracts';
import { live, type LiveOptions } from './live.js';
import type { Tokens, TokenStore } from './tokens.js';
import { createTransport, type Fetch } from './transport.js';

export interface TodoClientOptions {
  /** The public origin (web), e.g. http://127.0.0.1:8080 or the page's location.origin. */
  origin: string;
  tokens: TokenStore;
  fetch?: Fetch;
}

export interface DeadLetterPage {
  total: number;
  deadLetters: DeadLetter[];
}

export type TodoClient = ReturnType<typeof createTodoClient>;

/** `<https://…/todos?cursor=…>; rel="next"` → the path and query, asked of our own origin. */
function nextPage(link: string | null): string | undefined {
  const target = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link ?? '')?.[1];
  if (!target) return undefined;
  const url = new URL(target, 'http://origin.invalid');
  return url.pathname + url.search;
}

const byId = (id: string) => `/todos/${encodeURIComponent(id)}`;
const ifMatchHeader = (ifMatch?: string): Record<string, string> =>
  ifMatch === undefined ? {} : { 'if-match': ifMatch };

export function createTodoClient({ origin, tokens, fetch }: TodoClientOptions) {
  const transport = createTransport(origin, tokens, fetch);
  const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;

  return {
    origin: transport.origin,

    /** Creates the account; it does not log in. */
    register: (username: string, email: string, password: string) =>
      json<UserProfile>(
        transport.send('POST', '/auth/register', {
          auth: false,
          json: { username, email, password },
        }),
      ),

    /** Logs in and keeps the session in the token store. */
    login: async (username: string, password: string): Promise<Tokens> =>
      transport.keep(
        await json<TokenResponse>(
          transport.send('POST', '/auth/login', { auth: false, json: { username, password } }),
        ),
      ),

    /** Ends the session on the server, and forgets it here whatever the server says. */
    logout: async () => {
      const current = tokens.get();
      if (!current) return;
      try {
        await transport.send('POST', '/auth/logout', {
          auth: false,
          json: { refresh_token: current.refreshToken },
        });
      } finally {
        tokens.set(undefined);
      }
    },

    me: () => json<UserProfile>(transport.send('GET', '/auth/me')),

    /** Every page of the caller's todos, in the server's order (order, then creation). */
    listTodos: async (filter: { completed?: boolean } = {}): Promise<Todo[]> => {
      const todos: Todo[] = [];
      let path: string | undefined =
        filter.completed === undefined ? '/todos' : `/todos?completed=${filter.completed}`;
      while (path) {
        const response = await transport.send('GET', path);
        todos.push(...((await response.json()) as Todo[]));
        path = nextPage(response.headers.get('link'));
      }
      return todos;
    },

    getTodo: (id: string) => json<Todo>(transport.send('GET', byId(id))),

    createTodo: (body: CreateTodoBody, options: { idempotencyKey?: string } = {}) =>
      json<Todo>(
        transport.send('POST', '/todos', {
          json: body,
          headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {},
        }),
      ),

    updateTodo: (id: string, patch: PatchTodoBody, options: { ifMatch?: string } = {}) =>
      json<Todo>(
        transport.send('PATCH', byId(id), { json: patch, headers: ifMatchHeader(options.ifMatch) }),
      ),

    deleteTodo: async (id: string, options: { ifMatch?: string } = {}) => {
      await transport.send('DELETE', byId(id), { headers: ifMatchHeader(options.ifMatch) });
    },

    /** Deletes the caller's todos; `{ completed: true }` only the completed ones. */
    clearTodos: async (filter: { completed?: boolean } = {}) => {
      const query = filter.completed === undefined ? '' : `?completed=${filter.completed}`;
      await transport.send('DELETE', `/todos${query}`);
    },

    stats: () => json<UserStats>(transport.send('GET', '/stats')),

    /** Operators only (the admin role). */
    deadLetters: (page: { limit?: number; offset?: number } = {}) => {
      const query = new URLSearchParams();
      if (page.limit !== undefined) query.set('limit', String(page.limit));
      if (page.offset !== undefined) query.set('offset', String(page.offset));
      const search = query.toString() ? `?${query.toString()}` : '';
      return json<DeadLetterPage>(transport.send('GET', `/admin/dead-letters${search}`));
    },

    replayDeadLetter: (topic: string, id: string) =>
      json<DeadLetter>(
        transport.send(
          'POST',
          `/admin/dead-letters/${encodeURIComponent(topic)}/${encodeURIComponent(id)}/replay`,
        ),
      ),

    /** The caller's events as they happen (GET /live); resolves when `signal` aborts. */
    live: (options: LiveOptions) => live(transport, options),
  };
}
