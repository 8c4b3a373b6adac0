import type { TokenResponse } from '@todo-dapr/contracts';

/** A session: the short-lived access token and the refresh token that renews it. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, in ms since the epoch. */
  expiresAt: number;
}

/** Where a session is kept; `get` is called before each request. */
export interface TokenStore {
  get(): Tokens | undefined;
  set(tokens: Tokens | undefined): void;
}

export const tokensOf = (answer: TokenResponse, now = Date.now()): Tokens => ({
  accessToken: answer.access_token,
  refreshToken: answer.refresh_token,
  expiresAt: now + answer.expires_in * 1000,
});
