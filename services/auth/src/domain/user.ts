import type { UserProfile } from '@todo-dapr/contracts';

/** A user as auth stores it. `sessionEpoch` goes up to revoke every refresh token at once. */
export interface User {
  id: string;
  username: string;
  email: string;
  passwordHash: string;
  roles: string[];
  createdAt: string;
  updatedAt: string;
  sessionEpoch: number;
  /** The `sequence` of the user's last event. */
  eventSequence: number;
}

/** The role of operators: the subscriber's `/admin/*` routes need it. */
export const OPERATOR_ROLE = 'admin';

/**
 * The roles a user has now: the stored ones (`npm run operator` adds the operator role), plus
 * that role for the user ids in OPERATOR_USER_IDS.
 */
export const rolesOf = (user: User, operatorUserIds: ReadonlySet<string>): string[] =>
  operatorUserIds.has(user.id) && !user.roles.includes(OPERATOR_ROLE)
    ? [...user.roles, OPERATOR_ROLE]
    : user.roles;

export const toProfile = (user: User, operatorUserIds: ReadonlySet<string>): UserProfile => ({
  id: user.id,
  username: user.username,
  email: user.email,
  roles: rolesOf(user, operatorUserIds),
  createdAt: user.createdAt,
});
