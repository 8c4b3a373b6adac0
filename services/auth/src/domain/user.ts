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

/**
 * The roles a user has now: the stored ones, plus `admin` for the usernames configured as
 * operators. Derived, not stored, so taking the role away is a config change.
 */
export const rolesOf = (user: User, adminUsernames: ReadonlySet<string>): string[] =>
  adminUsernames.has(user.username.toLowerCase()) ? [...user.roles, 'admin'] : user.roles;

export const toProfile = (user: User, adminUsernames: ReadonlySet<string>): UserProfile => ({
  id: user.id,
  username: user.username,
  email: user.email,
  roles: rolesOf(user, adminUsernames),
  createdAt: user.createdAt,
});
