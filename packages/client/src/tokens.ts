import type { TokenResponse } from '@todo-dapr/contracts';

/** A session: the short-lived access token and the refresh token that renews it. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, in ms since the epoch. */
  expiresAt: number;
}

/**
 * Where a session is kept: memory, a file (the CLI), localStorage (the browser). `get` is
 * called before each request, so a store another process or tab writes to stays current.
 */
export interface TokenStore {
  get(): Tokens | undefined;
  set(tokens: Tokens | undefined): void;
}

export function memoryTokenStore(initial?: Tokens): TokenStore {
  let tokens = initial;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = next;
    },
  };
}

export const tokensOf = (answer: TokenResponse, now = Date.now()): Tokens => ({
  accessToken: answer.access_token,
  refreshToken: answer.refresh_token,
  expiresAt: now + answer.expires_in * 1000,
});
