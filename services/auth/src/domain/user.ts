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

export const toProfile = (user: User): UserProfile => ({
  id: user.id,
  username: user.username,
  email: user.email,
  roles: user.roles,
  createdAt: user.createdAt,
});
