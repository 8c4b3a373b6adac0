import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TokenResponse, UserProfile, UserStats } from '@todo-dapr/contracts';
import { call } from '../../e2e/support/http';
import { eventually } from '../../e2e/support/system';

/** The published ports of docker-compose.yml: all the tests may use. */
export const origin = 'http://127.0.0.1:8080';
export const mailpit = 'http://127.0.0.1:8025';
export const brokers = '127.0.0.1:9094';

const repoRoot = join(__dirname, '..', '..', '..');

/** `docker compose <args>` on the stack npm run compose:up started. */
export async function compose(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(repoRoot, 'scripts', 'compose', 'compose.mjs'), ...args],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

export interface Session {
  profile: UserProfile;
  token: string;
  password: string;
}

/** Registers a fresh user through the origin and logs in. */
export async function newUserSession(): Promise<Session> {
  const username = `compose_${randomUUID().slice(0, 8)}`;
  const password = 'a long and lovely passphrase';
  const registered = await call(`${origin}/auth/register`, {
    body: { username, email: `${username}@example.com`, password },
  });
  const login = await call(`${origin}/auth/login`, { body: { username, password } });
  if (registered.status !== 201 || login.status !== 200) {
    throw new Error(`register answered ${registered.status}, login ${login.status}`);
  }
  return {
    profile: UserProfile.parse(registered.body),
    token: TokenResponse.parse(login.body).access_token,
    password,
  };
}

/** Makes the user an operator with the CLI inside the auth container, and logs in again. */
export async function operatorSession(): Promise<string> {
  const { profile, password } = await newUserSession();
  await compose('exec', '-T', 'auth', 'node', 'dist/operator-cli.js', profile.username);
  const login = await call(`${origin}/auth/login`, {
    body: { username: profile.username, password },
  });
  if (login.status !== 200) throw new Error(`operator login answered ${login.status}`);
  return TokenResponse.parse(login.body).access_token;
}

export async function statsWhen(token: string, settled: (stats: UserStats) => boolean) {
  return eventually(
    'the projection to catch up',
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
export async function allTodos(token: string): Promise<{ id: string }[]> {
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
