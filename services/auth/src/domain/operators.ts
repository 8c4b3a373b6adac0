import { AppError } from '@todo-dapr/platform';
import type { AuthStore } from '../dapr/auth-store';
import { OPERATOR_ROLE } from './user';

export type OperatorChange = 'granted' | 'revoked' | 'unchanged';

/**
 * Makes an existing user an operator, or no longer one, in the user's own record (ETag-guarded,
 * retried on a race). Tokens carry the change from the user's next login or refresh.
 */
export async function setOperator(
  store: AuthStore,
  login: string,
  operator: boolean,
): Promise<OperatorChange> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const found = await store.findUser(login);
    if (!found) {
      throw new AppError(404, 'USER.NOT_FOUND', 'Not Found', {
        detail: `No user is called ${login}: they register first.`,
      });
    }
    const { roles } = found.value;
    if (roles.includes(OPERATOR_ROLE) === operator) return 'unchanged';
    const user = {
      ...found.value,
      roles: operator ? [...roles, OPERATOR_ROLE] : roles.filter((r) => r !== OPERATOR_ROLE),
      updatedAt: new Date().toISOString(),
    };
    if (await store.saveUser(user, found.etag)) return operator ? 'granted' : 'revoked';
  }
  throw new AppError(409, 'USER.BUSY', 'Conflict', {
    detail: 'The account is being changed. Try again.',
  });
}
