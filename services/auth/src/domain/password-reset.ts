import { sealedTokenBinding, userEventId } from '@todo-dapr/contracts';
import { seal, AppError, type Logger } from '@todo-dapr/platform';
import type { AuthStore } from '../dapr/auth-store';
import type { PublishUserEvent } from '../dapr/user-events';
import { hashToken, newOpaqueToken } from './opaque-token';
import { hashPassword } from './password-hasher';

export interface PasswordResetDeps {
  store: AuthStore;
  publish: PublishUserEvent;
  logger: Logger;
  sealingKey: () => Promise<string>;
  ttlSeconds: number;
  publicUrl: string;
}

/** Raises the user's event sequence (ETag-guarded, retried on a race); undefined if unknown. */
async function takeNextSequence(login: string, store: AuthStore) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const found = await store.findUser(login);
    if (!found) return undefined;
    const user = { ...found.value, eventSequence: found.value.eventSequence + 1 };
    if (await store.saveUser(user, found.etag)) return user;
  }
  throw new AppError(409, 'USER.BUSY', 'Conflict', {
    detail: 'The account is being changed. Try again.',
  });
}

const invalidToken = () =>
  new AppError(400, 'RESET.INVALID_TOKEN', 'Bad Request', {
    detail: 'The reset token is unknown, used or expired. Request a new one.',
  });

/**
 * For a known e-mail: a single-use token, stored hashed with a TTL, and an event that
 * carries it sealed for the subscriber, bound to the user and the event. Unknown e-mails get
 * the same answer and no event.
 */
export async function requestPasswordReset(email: string, deps: PasswordResetDeps): Promise<void> {
  const user = await takeNextSequence(email, deps.store);
  if (!user) return;
  const token = newOpaqueToken();
  await deps.store.saveResetToken(hashToken(token), user.id, deps.ttlSeconds);
  const names = {
    event: 'password_reset_requested',
    userId: user.id,
    sequence: user.eventSequence,
  } as const;
  const binding = sealedTokenBinding(user.id, userEventId(names));
  await deps.publish({
    ...names,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    user: { id: user.id, username: user.username, email: user.email },
    sealedToken: seal(token, await deps.sealingKey(), binding),
    resetUrlTemplate: `${deps.publicUrl}/reset-password?token={token}`,
    expiresAt: new Date(Date.now() + deps.ttlSeconds * 1000).toISOString(),
  });
}

/** Sets the new password and ends every session of the user, spending the token. */
export async function confirmPasswordReset(
  token: string,
  password: string,
  deps: PasswordResetDeps,
) {
  const hash = hashToken(token);
  const reset = await deps.store.getResetToken(hash);
  const found = reset && (await deps.store.getUser(reset.value.userId));
  if (!reset || !found) throw invalidToken();
  const user = {
    ...found.value,
    passwordHash: await hashPassword(password),
    sessionEpoch: found.value.sessionEpoch + 1,
    updatedAt: new Date().toISOString(),
  };
  if (!(await deps.store.consumeResetToken(hash, reset.etag, user, found.etag)))
    throw invalidToken();
}
