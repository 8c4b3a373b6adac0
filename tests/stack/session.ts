// A user's view of a running stack (compose or Kubernetes) through its one origin.
import { randomUUID } from 'node:crypto';
import { TokenResponse, UserProfile, UserStats } from '@todo-dapr/contracts';
import { call } from '../e2e/support/http';
import { eventually } from '../e2e/support/system';

export interface Session {
  profile: UserProfile;
  token: string;
  password: string;
}

export function originClient(origin: string, usernamePrefix: string) {
  async function login(username: string, password: string): Promise<string> {
    const response = await call(`${origin}/auth/login`, { body: { username, password } });
    if (response.status !== 200) throw new Error(`login answered ${response.status}`);
    return TokenResponse.parse(response.body).access_token;
  }

  /** Registers a fresh user through the origin and logs in. */
  async function newUserSession(): Promise<Session> {
    const username = `${usernamePrefix}_${randomUUID().slice(0, 8)}`;
    const password = 'a long and lovely passphrase';
    const registered = await call(`${origin}/auth/register`, {
      body: { username, email: `${username}@example.com`, password },
    });
    if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
    return {
      profile: UserProfile.parse(registered.body),
      token: await login(username, password),
      password,
    };
  }

  async function statsWhen(token: string, settled: (stats: UserStats) => boolean) {
    return eventually(
      'the stats to catch up',
      async () => {
        const response = await call(`${origin}/stats`, { token });
        if (response.status !== 200) return undefined;
        const stats = UserStats.parse(response.body);
        return settled(stats) ? stats : undefined;
      },
      120_000,
    );
  }

  /** Every todo of the user, following the `Link: rel="next"` pages. */
  async function allTodos(token: string): Promise<{ id: string }[]> {
    const todos: { id: string }[] = [];
    for (let url: string | undefined = `${origin}/todos?limit=100`; url;) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`GET /todos answered ${response.status}`);
      todos.push(...((await response.json()) as { id: string }[]));
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      url = next === undefined ? undefined : new URL(next, origin).toString();
    }
    return todos;
  }

  return { login, newUserSession, statsWhen, allTodos };
}
