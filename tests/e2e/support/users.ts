import { randomUUID } from 'node:crypto';
import { TokenResponse, UserProfile } from '@todo-dapr/contracts';
import { call } from './http';
import { runningSystem } from './system';

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
