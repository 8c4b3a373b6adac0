import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TokenResponse, UserProfile } from '@todo-dapr/contracts';
import { call } from './http';
import { runningSystem } from './system';

const repoRoot = join(__dirname, '..', '..', '..');

/** Registers a fresh user and logs in: their profile and an access token. */
export async function newUserSession() {
  const auth = runningSystem().apps.auth.url;
  const username = `user_${randomUUID().slice(0, 8)}`;
  const password = 'a long and lovely passphrase';
  const registered = await call(`${auth}/auth/register`, {
    body: { username, email: `${username}@example.com`, password },
  });
  const login = await call(`${auth}/auth/login`, { body: { username, password } });
  if (registered.status !== 201 || login.status !== 200) throw new Error('could not create a user');
  return {
    profile: UserProfile.parse(registered.body),
    token: TokenResponse.parse(login.body).access_token,
  };
}

/**
 * `npm run operator -- <login>` (the built command, without the build) for the e2e system:
 * it finds auth's sidecar in .data/e2e/system.json. Resolves to what it printed.
 */
export async function makeOperator(login: string, ...options: string[]) {
  const system = runningSystem();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(repoRoot, 'services', 'auth', 'dist', 'operator-cli.js'),
      login,
      ...options,
      '--system',
      join(system.runDir, 'system.json'),
    ],
    { cwd: repoRoot, env: { PATH: process.env.PATH } },
  );
  return stdout;
}

/** A token with the admin role: `e2e-admin`, registered and made an operator explicitly. */
export async function adminToken(): Promise<string> {
  const auth = runningSystem().apps.auth.url;
  const credentials = { username: 'e2e-admin', password: 'an operator passphrase, long' };
  await call(`${auth}/auth/register`, {
    body: { ...credentials, email: 'ops@example.com' },
  }); // 201 the first time, 409 (or 429 for the address) after
  await makeOperator(credentials.username); // says "nothing changed" after the first time
  const login = await call(`${auth}/auth/login`, { body: credentials });
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
  return TokenResponse.parse(login.body).access_token;
}
