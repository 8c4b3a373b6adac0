import type { LoginBody, TokenResponse } from '@todo-dapr/contracts';
import { AppError } from '@todo-dapr/platform';
import type { AuthStore } from '../dapr/auth-store';
import { UNKNOWN_USER_HASH, verifyPassword } from './password-hasher';
import type { RateLimits } from './rate-limits';
import type { Sessions } from './sessions';

const invalidCredentials = () =>
  new AppError(401, 'AUTH.INVALID_CREDENTIALS', 'Unauthorized', {
    detail: 'The username or password is wrong.',
  });

/** Checks the password (as slowly for unknown users as for known ones) and starts a session. */
export async function logIn(
  body: LoginBody,
  client: string,
  deps: { store: AuthStore; sessions: Sessions; limits: RateLimits },
): Promise<TokenResponse> {
  await deps.limits.loginAttempt(body.username, client);
  const found = await deps.store.findUser(body.username);
  const matches = await verifyPassword(
    body.password,
    found?.value.passwordHash ?? UNKNOWN_USER_HASH,
  );
  if (!found || !matches) throw invalidCredentials();
  await deps.limits.loginSucceeded(body.username, client);
  return deps.sessions.start(found.value);
}
