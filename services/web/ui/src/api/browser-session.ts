// The browser's session: tokens in localStorage, shared by the tabs of one profile, and one
// refresh at a time across those tabs (refresh tokens rotate, and reusing an old one revokes
// the whole session).
import type { Fetch, Tokens, TokenStore } from '@todo-dapr/client';
import type { TokenResponse } from '@todo-dapr/contracts';

const KEY = 'todo-dapr.session';

export function localStorageTokenStore(storage: Storage = localStorage): TokenStore {
  return {
    get: () => {
      try {
        const text = storage.getItem(KEY);
        return text ? (JSON.parse(text) as Tokens) : undefined;
      } catch {
        return undefined;
      }
    },
    set: (tokens) => {
      if (tokens) storage.setItem(KEY, JSON.stringify(tokens));
      else storage.removeItem(KEY);
    },
  };
}

/** Tells when another tab logs in or out. */
export function onSessionChange(listener: () => void): () => void {
  const handler = (event: StorageEvent) => {
    if (event.key === KEY || event.key === null) listener();
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}

const asAnswer = (tokens: Tokens): TokenResponse => ({
  access_token: tokens.accessToken,
  token_type: 'Bearer',
  expires_in: Math.max(1, Math.round((tokens.expiresAt - Date.now()) / 1000)),
  refresh_token: tokens.refreshToken,
});

/**
 * fetch, but POST /auth/refresh runs under a Web Lock across tabs: a tab that finds the
 * session refreshed by another gets those tokens instead of sending a spent refresh token.
 */
export function refreshLockingFetch(store: TokenStore): Fetch {
  return async (input, init) => {
    if (!new URL(input).pathname.endsWith('/auth/refresh') || !('locks' in navigator)) {
      return fetch(input, init);
    }
    return navigator.locks.request('todo-dapr.refresh', async () => {
      const sent = (
        JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { refresh_token?: string }
      ).refresh_token;
      const current = store.get();
      if (current && current.refreshToken !== sent) {
        return Response.json(asAnswer(current));
      }
      const response = await fetch(input, init);
      if (!response.ok) return response;
      const answer = (await response.json()) as TokenResponse;
      // Kept before the lock is let go, so the next tab in line sees it.
      store.set({
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token,
        expiresAt: Date.now() + answer.expires_in * 1000,
      });
      return Response.json(answer);
    });
  };
}
