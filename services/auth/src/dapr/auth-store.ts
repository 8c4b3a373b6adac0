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

/** Whose a username or e-mail is, and since when: a claim without its user is abandoned. */
interface Claim {
  userId: string;
  claimedAt?: string;
}
/** Far longer than a registration takes between its claims and its user (a few sidecar calls). */
const ABANDONED_AFTER_MS = 60_000;

/** auth's own state: users, their unique-name indexes, refresh and reset tokens (hashed). */
export function createAuthStore(state: StateApi) {
  /**
   * Takes a username or e-mail for `userId`: a new claim, or one that a registration which
   * died before creating its user left behind a while ago.
   */
  async function claim(index: string, userId: string): Promise<boolean> {
    const value: Claim = { userId, claimedAt: new Date().toISOString() };
    if (await unlessConflict(state.save(STORE, [{ key: index, value, options: insertOnly }])))
      return true;
    const held = await state.get<Claim>(STORE, index);
    if (!held || !(await isAbandoned(held.value))) return false;
    return unlessConflict(state.save(STORE, [{ key: index, value, etag: held.etag }]));
  }

  async function isAbandoned(held: Claim): Promise<boolean> {
    const age = Date.now() - Date.parse(held.claimedAt ?? '1970-01-01T00:00:00Z');
    return age > ABANDONED_AFTER_MS && !(await state.get(STORE, key.user(held.userId)));
  }

  /** Deletes the claims of `indexes` that are still `userId`'s. */
  async function release(indexes: string[], userId: string): Promise<void> {
    for (const index of indexes) {
      const held = await state.get<Claim>(STORE, index);
      if (held?.value.userId === userId)
        await unlessConflict(state.delete(STORE, index, held.etag));
    }
  }

  return {
    /**
     * Claims the user's username and e-mail, then creates the user; false, with nothing
     * left behind, when either is taken. Each write guards one key: Redis honours
     * first-write for a single key, but not inside a transaction, which it cannot roll back.
     */
    async insertUser(user: User): Promise<boolean> {
      const claimed: string[] = [];
      for (const index of [key.username(user.username), key.email(user.email)]) {
        if (!(await claim(index, user.id))) {
          await release(claimed, user.id);
          return false;
        }
        claimed.push(index);
      }
      const created = await unlessConflict(
        state.save(STORE, [{ key: key.user(user.id), value: user, options: insertOnly }]),
      );
      if (!created) await release(claimed, user.id);
      return created;
    },

    /** Undoes insertUser when its event could not be published. */
    async deleteUser(user: User): Promise<void> {
      await state.delete(STORE, key.user(user.id));
      await release([key.username(user.username), key.email(user.email)], user.id);
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

    /**
     * Spends the reset token, then saves the user; false if either moved meanwhile. Two
     * single-key writes, not a transaction that Redis could half apply: a token spent by a
     * save that then lost its race only means asking for another.
     */
    async consumeResetToken(
      hash: string,
      tokenEtag: string,
      user: User,
      userEtag: string,
    ): Promise<boolean> {
      const spent = await unlessConflict(state.delete(STORE, key.reset(hash), tokenEtag));
      return (
        spent &&
        unlessConflict(state.save(STORE, [{ key: key.user(user.id), value: user, etag: userEtag }]))
      );
    },
  };
}
export type AuthStore = ReturnType<typeof createAuthStore>;
