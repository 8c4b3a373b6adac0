import { randomUUID } from 'node:crypto';
import type { TokenResponse } from '@todo-dapr/contracts';
import { unauthorized } from '@todo-dapr/platform';
import type { AuthStore } from '../dapr/auth-store';
import { issueAccessToken, type AccessTokenSettings } from './access-token';
import type { KeyRing } from './key-ring';
import { hashToken, newOpaqueToken } from './opaque-token';
import type { User } from './user';

export interface SessionDeps {
  store: AuthStore;
  keyRing: KeyRing;
  accessToken: AccessTokenSettings;
  refreshTtlSeconds: number;
}

const invalidRefreshToken = () => unauthorized('The refresh token is not valid.');

/**
 * Sessions are families of refresh tokens: each refresh rotates the token, and presenting
 * a spent one revokes the whole family (the thief's copy and the owner's alike).
 */
export function createSessions(deps: SessionDeps) {
  const { store, refreshTtlSeconds } = deps;

  async function tokensFor(user: User, refreshToken: string): Promise<TokenResponse> {
    return {
      access_token: issueAccessToken(user, await deps.keyRing(), deps.accessToken),
      token_type: 'Bearer',
      expires_in: deps.accessToken.ttlSeconds,
      refresh_token: refreshToken,
    };
  }

  async function start(user: User): Promise<TokenResponse> {
    const refreshToken = newOpaqueToken();
    const family = { userId: user.id, sessionEpoch: user.sessionEpoch, revoked: false };
    await store.startSession(hashToken(refreshToken), randomUUID(), family, refreshTtlSeconds);
    return tokensFor(user, refreshToken);
  }

  async function refresh(refreshToken: string): Promise<TokenResponse> {
    const hash = hashToken(refreshToken);
    const token = await store.getRefreshToken(hash);
    if (!token) throw invalidRefreshToken();
    const family = await store.getFamily(token.value.familyId);
    const user = await store.getUser(token.value.userId);
    if (!family || family.value.revoked || !user) throw invalidRefreshToken();
    if (token.value.usedAt) {
      await store.revokeFamily(token.value.familyId, family.value, refreshTtlSeconds);
      throw unauthorized('This refresh token was already used; the session is revoked.');
    }
    // A password reset raises the epoch, which ends every session started before it.
    if (family.value.sessionEpoch !== user.value.sessionEpoch) throw invalidRefreshToken();
    const next = newOpaqueToken();
    const rotated = await store.rotateRefreshToken(
      { hash, record: token.value, etag: token.etag },
      hashToken(next),
      refreshTtlSeconds,
    );
    if (!rotated) {
      await store.revokeFamily(token.value.familyId, family.value, refreshTtlSeconds);
      throw unauthorized('This refresh token was already used; the session is revoked.');
    }
    return tokensFor(user.value, next);
  }

  async function end(refreshToken: string): Promise<void> {
    const token = await store.getRefreshToken(hashToken(refreshToken));
    const family = token && (await store.getFamily(token.value.familyId));
    if (token && family)
      await store.revokeFamily(token.value.familyId, family.value, refreshTtlSeconds);
  }

  return { start, refresh, end };
}
export type Sessions = ReturnType<typeof createSessions>;
