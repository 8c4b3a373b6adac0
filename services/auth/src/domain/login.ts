import type { LoginBody, TokenResponse } from '@todo-dapr/contracts';
import { AppError } from '@todo-dapr/platform';
import type { AuthStore } from '../dapr/auth-store';
import type { LoginThrottle } from './login-throttle';
import { UNKNOWN_USER_HASH, verifyPassword } from './password-hasher';
import type { Sessions } from './sessions';

const invalidCredentials = () =>
  new AppError(401, 'AUTH.INVALID_CREDENTIALS', 'Unauthorized', {
    detail: 'The username or password is wrong.',
  });

/** Checks the password (as slowly for unknown users as for known ones) and starts a session. */
export async function logIn(
  body: LoginBody,
  client: string,
  deps: { store: AuthStore; sessions: Sessions; throttle: LoginThrottle },
): Promise<TokenResponse> {
  const retryAfter = deps.throttle.check(body.username, client);
  if (retryAfter !== undefined) {
    throw new AppError(429, 'AUTH.TOO_MANY_ATTEMPTS', 'Too Many Requests', {
      detail: 'Too many login attempts. Wait before trying again.',
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
  const found = await deps.store.findUser(body.username);
  const matches = await verifyPassword(
    body.password,
    found?.value.passwordHash ?? UNKNOWN_USER_HASH,
  );
  if (!found || !matches) {
    deps.throttle.recordFailure(body.username);
    throw invalidCredentials();
  }
  deps.throttle.recordSuccess(body.username);
  return deps.sessions.start(found.value);
}
