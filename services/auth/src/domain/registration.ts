import { randomUUID } from 'node:crypto';
import type { RegisterBody } from '@todo-dapr/contracts';
import { AppError, errorFields, type Logger } from '@todo-dapr/platform';
import type { AuthStore } from '../dapr/auth-store';
import type { PublishUserEvent } from '../dapr/user-events';
import { hashPassword } from './password-hasher';
import type { User } from './user';

const alreadyExists = () =>
  new AppError(409, 'USER.ALREADY_EXISTS', 'Conflict', {
    detail: 'An account with this username or e-mail already exists.',
  });

/**
 * Creates the user, claiming username and e-mail in one transaction (first write wins),
 * then publishes `user_registered`. If that fails the user is removed again, so a failed
 * registration leaves nothing behind and can simply be retried.
 */
export async function registerUser(
  body: RegisterBody,
  deps: { store: AuthStore; publish: PublishUserEvent; logger: Logger },
): Promise<User> {
  const { store, publish, logger } = deps;
  // Cheap early answer for the common case; the transaction below settles races.
  if ((await store.findUser(body.username)) ?? (await store.findUser(body.email)))
    throw alreadyExists();
  const now = new Date().toISOString();
  const user: User = {
    id: randomUUID(),
    username: body.username,
    email: body.email.toLowerCase(),
    passwordHash: await hashPassword(body.password),
    roles: ['user'],
    createdAt: now,
    updatedAt: now,
    sessionEpoch: 0,
    eventSequence: 1,
  };
  if (!(await store.insertUser(user))) throw alreadyExists();
  try {
    await publish({
      event: 'user_registered',
      schemaVersion: 1,
      occurredAt: now,
      userId: user.id,
      sequence: user.eventSequence,
      user: { id: user.id, username: user.username, email: user.email },
    });
  } catch (error) {
    await store.deleteUser(user).catch((undo: unknown) => {
      logger.error('could not undo a registration whose event failed', {
        userId: user.id,
        ...errorFields(undo),
      });
    });
    throw error;
  }
  return user;
}
