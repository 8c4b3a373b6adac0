import { DaprResources } from '@todo-dapr/contracts';
import { unlessConflict, type StateApi, type StoredValue } from '@todo-dapr/platform';
import type { User } from '../domain/user';

const STORE = DaprResources.authStore;
const key = {
  user: (id: string) => `user:${id}`,
  username: (name: string) => `username:${name.toLowerCase()}`,
  email: (email: string) => `email:${email.toLowerCase()}`,
  refresh: (hash: string) => `refresh:${hash}`,
  family: (id: string) => `family:${id}`,
  reset: (hash: string) => `reset:${hash}`,
};
const ttl = (seconds: number) => ({ ttlInSeconds: String(seconds) });
const insertOnly = { concurrency: 'first-write' as const };

export interface RefreshTokenRecord {
  userId: string;
  familyId: string;
  /** Set when the token was exchanged; presenting it again means it was stolen. */
  usedAt?: string;
}
export interface SessionFamily {
  userId: string;
  sessionEpoch: number;
  revoked: boolean;
}

/** auth's own state: users, their unique-name indexes, refresh and reset tokens (hashed). */
export function createAuthStore(state: StateApi) {
  return {
    /** Creates the user and claims its username and e-mail, all or nothing. */
    insertUser(user: User): Promise<boolean> {
      const claim = { userId: user.id };
      return unlessConflict(
        state.transact(STORE, [
          {
            operation: 'upsert',
            request: { key: key.username(user.username), value: claim, options: insertOnly },
          },
          {
            operation: 'upsert',
            request: { key: key.email(user.email), value: claim, options: insertOnly },
          },
          {
            operation: 'upsert',
            request: { key: key.user(user.id), value: user, options: insertOnly },
          },
        ]),
      );
    },

    /** Undoes insertUser when its event could not be published. */
    async deleteUser(user: User): Promise<void> {
      await state.transact(STORE, [
        { operation: 'delete', request: { key: key.username(user.username) } },
        { operation: 'delete', request: { key: key.email(user.email) } },
        { operation: 'delete', request: { key: key.user(user.id) } },
      ]);
    },

    getUser: (id: string) => state.get<User>(STORE, key.user(id)),

    /** Finds a user by username or e-mail, whichever `login` is. */
    async findUser(login: string): Promise<StoredValue<User> | undefined> {
      const index = login.includes('@') ? key.email(login) : key.username(login);
      const claim = await state.get<{ userId: string }>(STORE, index);
      return claim && state.get<User>(STORE, key.user(claim.value.userId));
    },

    saveUser: (user: User, etag: string) =>
      unlessConflict(state.save(STORE, [{ key: key.user(user.id), value: user, etag }])),

    getRefreshToken: (hash: string) => state.get<RefreshTokenRecord>(STORE, key.refresh(hash)),

    /** Starts a session: a new family and its first refresh token. */
    async startSession(hash: string, familyId: string, family: SessionFamily, ttlSeconds: number) {
      const token: RefreshTokenRecord = { userId: family.userId, familyId };
      await state.transact(STORE, [
        {
          operation: 'upsert',
          request: { key: key.family(familyId), value: family, metadata: ttl(ttlSeconds) },
        },
        {
          operation: 'upsert',
          request: {
            key: key.refresh(hash),
            value: token,
            metadata: ttl(ttlSeconds),
            options: insertOnly,
          },
        },
      ]);
    },

    /** Marks the old token used and stores its successor; false if someone used it first. */
    rotateRefreshToken(
      old: { hash: string; record: RefreshTokenRecord; etag: string },
      newHash: string,
      ttlSeconds: number,
    ): Promise<boolean> {
      const used = { ...old.record, usedAt: new Date().toISOString() };
      const next: RefreshTokenRecord = { userId: old.record.userId, familyId: old.record.familyId };
      return unlessConflict(
        state.transact(STORE, [
          {
            operation: 'upsert',
            request: {
              key: key.refresh(old.hash),
              value: used,
              etag: old.etag,
              metadata: ttl(ttlSeconds),
            },
          },
          {
            operation: 'upsert',
            request: {
              key: key.refresh(newHash),
              value: next,
              metadata: ttl(ttlSeconds),
              options: insertOnly,
            },
          },
        ]),
      );
    },

    getFamily: (familyId: string) => state.get<SessionFamily>(STORE, key.family(familyId)),

    async revokeFamily(familyId: string, family: SessionFamily, ttlSeconds: number) {
      await state.save(STORE, [
        {
          key: key.family(familyId),
          value: { ...family, revoked: true },
          metadata: ttl(ttlSeconds),
        },
      ]);
    },

    async saveResetToken(hash: string, userId: string, ttlSeconds: number) {
      await state.save(STORE, [
        { key: key.reset(hash), value: { userId }, metadata: ttl(ttlSeconds), options: insertOnly },
      ]);
    },

    getResetToken: (hash: string) => state.get<{ userId: string }>(STORE, key.reset(hash)),

    /** Spends the reset token and saves the user, together; false if either moved meanwhile. */
    consumeResetToken(
      hash: string,
      tokenEtag: string,
      user: User,
      userEtag: string,
    ): Promise<boolean> {
      return unlessConflict(
        state.transact(STORE, [
          { operation: 'delete', request: { key: key.reset(hash), etag: tokenEtag } },
          { operation: 'upsert', request: { key: key.user(user.id), value: user, etag: userEtag } },
        ]),
      );
    },
  };
}
export type AuthStore = ReturnType<typeof createAuthStore>;
