// A thin fetch layer with the interface of packages/client (createTodoClient), until the app
// uses that package.
import type {
  CreateTodoBody,
  DeadLetter,
  PatchTodoBody,
  Todo,
  TokenResponse,
  UserProfile,
  UserStats,
} from '@todo-dapr/contracts';
import { live, type LiveOptions } from './live';
import { ProblemError, problemOf } from './problem';
import { tokensOf, type Tokens, type TokenStore } from './tokens';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

interface RequestOptions {
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  auth?: boolean;
}

export class NotLoggedInError extends Error {
  constructor() {
    super('Not logged in.');
    this.name = 'NotLoggedInError';
  }
}

export interface DeadLetterPage {
  total: number;
  deadLetters: DeadLetter[];
}

export type TodoClient = ReturnType<typeof createTodoClient>;

export function createTodoClient(options: { origin: string; tokens: TokenStore; fetch?: Fetch }) {
  const { tokens } = options;
  const base = new URL(options.origin).origin;
  const doFetch: Fetch = options.fetch ?? ((input, init) => fetch(input, init));
  let renewing: Promise<Tokens> | undefined;

  const exchange = (method: string, path: string, request: RequestOptions, bearer?: string) => {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.json !== undefined) headers['content-type'] = 'application/json';
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    return doFetch(new URL(path, base).toString(), {
      method,
      headers,
      ...(request.json !== undefined && { body: JSON.stringify(request.json) }),
      ...(request.signal && { signal: request.signal }),
    });
  };

  const keep = (answer: TokenResponse) => {
    const fresh = tokensOf(answer);
    tokens.set(fresh);
    return fresh;
  };

  async function refresh(current: Tokens) {
    const response = await exchange('POST', '/auth/refresh', {
      json: { refresh_token: current.refreshToken },
    });
    if (!response.ok) {
      if (response.status === 401) tokens.set(undefined);
      throw new ProblemError(await problemOf(response));
    }
    return keep((await response.json()) as TokenResponse);
  }

  function renew(stale: string) {
    const current = tokens.get();
    if (!current) return Promise.reject(new NotLoggedInError());
    if (current.accessToken !== stale) return Promise.resolve(current);
    renewing ??= refresh(current).finally(() => (renewing = undefined));
    return renewing;
  }

  async function send(method: string, path: string, request: RequestOptions = {}) {
    const auth = request.auth ?? true;
    const session = auth ? tokens.get() : undefined;
    if (auth && !session) throw new NotLoggedInError();
    let response = await exchange(method, path, request, session?.accessToken);
    if (session && response.status === 401) {
      await response.body?.cancel();
      response = await exchange(
        method,
        path,
        request,
        (await renew(session.accessToken)).accessToken,
      );
    }
    if (!response.ok) throw new ProblemError(await problemOf(response));
    return response;
  }

  const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;
  const byId = (id: string) => `/todos/${encodeURIComponent(id)}`;

  return {
    origin: base,
    register: (username: string, email: string, password: string) =>
      json<UserProfile>(
        send('POST', '/auth/register', { auth: false, json: { username, email, password } }),
      ),
    login: async (username: string, password: string) =>
      keep(
        await json<TokenResponse>(
          send('POST', '/auth/login', { auth: false, json: { username, password } }),
        ),
      ),
    logout: async () => {
      const current = tokens.get();
      if (!current) return;
      try {
        await send('POST', '/auth/logout', {
          auth: false,
          json: { refresh_token: current.refreshToken },
        });
      } finally {
        tokens.set(undefined);
      }
    },
    me: () => json<UserProfile>(send('GET', '/auth/me')),
    listTodos: async (): Promise<Todo[]> => {
      const todos: Todo[] = [];
      let path: string | undefined = '/todos';
      while (path) {
        const response = await send('GET', path);
        todos.push(...((await response.json()) as Todo[]));
        const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
        path = next ? new URL(next, base).pathname + new URL(next, base).search : undefined;
      }
      return todos;
    },
    createTodo: (body: CreateTodoBody) => json<Todo>(send('POST', '/todos', { json: body })),
    updateTodo: (id: string, patch: PatchTodoBody) =>
      json<Todo>(send('PATCH', byId(id), { json: patch })),
    deleteTodo: async (id: string) => {
      await send('DELETE', byId(id));
    },
    clearTodos: async (filter: { completed?: boolean } = {}) => {
      await send(
        'DELETE',
        filter.completed === undefined ? '/todos' : `/todos?completed=${filter.completed}`,
      );
    },
    stats: () => json<UserStats>(send('GET', '/stats')),
    deadLetters: () => json<DeadLetterPage>(send('GET', '/admin/dead-letters?limit=100')),
    replayDeadLetter: (topic: string, id: string) =>
      json<DeadLetter>(
        send(
          'POST',
          `/admin/dead-letters/${encodeURIComponent(topic)}/${encodeURIComponent(id)}/replay`,
        ),
      ),
    live: (liveOptions: LiveOptions) => live((path, init) => send('GET', path, init), liveOptions),
  };
}
