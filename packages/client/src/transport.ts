import type { TokenResponse } from '@todo-dapr/contracts';
import { NetworkError, NotLoggedInError, ProblemError, problemOf } from './problem-error.js';
import { tokensOf, type Tokens, type TokenStore } from './tokens.js';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  /** Sent as JSON. */
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Send the access token, renewing it once on a 401 (default true). */
  auth?: boolean;
}

export interface Transport {
  readonly origin: string;
  /** A successful answer; anything else throws ProblemError, NetworkError or NotLoggedInError. */
  send(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Keeps the tokens of a login or refresh answer. */
  keep(answer: TokenResponse): Tokens;
}

export function createTransport(origin: string, store: TokenStore, fetchImpl?: Fetch): Transport {
  const base = new URL(origin).origin;
  // Looked up at each call, and called unbound: browsers refuse a fetch detached from window.
  const doFetch: Fetch = fetchImpl ?? ((input, init) => fetch(input, init));
  let renewing: Promise<Tokens> | undefined;

  async function exchange(method: string, path: string, options: RequestOptions, bearer?: string) {
    const url = new URL(path, base).toString();
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    try {
      return await doFetch(url, {
        method,
        headers,
        ...(options.json !== undefined && { body: JSON.stringify(options.json) }),
        ...(options.signal && { signal: options.signal }),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new NetworkError(url, error);
    }
  }

  const keep = (answer: TokenResponse) => {
    const tokens = tokensOf(answer);
    store.set(tokens);
    return tokens;
  };

  async function refresh(current: Tokens): Promise<Tokens> {
    const response = await exchange('POST', '/auth/refresh', {
      json: { refresh_token: current.refreshToken },
    });
    if (!response.ok) {
      const problem = await problemOf(response);
      // Expired, revoked or reused: this session is over. A 429 or a 503 is not.
      if (response.status === 401) store.set(undefined);
      throw new ProblemError(problem);
    }
    return keep((await response.json()) as TokenResponse);
  }

  /** New tokens after a 401 with `stale`: one refresh at a time, since refresh tokens rotate. */
  function renew(stale: string): Promise<Tokens> {
    const current = store.get();
    if (!current) return Promise.reject(new NotLoggedInError());
    // Another call, tab or process has refreshed already: reusing the old refresh token
    // would revoke the whole session.
    if (current.accessToken !== stale) return Promise.resolve(current);
    renewing ??= refresh(current).finally(() => {
      renewing = undefined;
    });
    return renewing;
  }

  async function send(method: string, path: string, options: RequestOptions = {}) {
    const auth = options.auth ?? true;
    const tokens = auth ? store.get() : undefined;
    if (auth && !tokens) throw new NotLoggedInError();
    let response = await exchange(method, path, options, tokens?.accessToken);
    if (tokens && response.status === 401) {
      await response.body?.cancel();
      const fresh = await renew(tokens.accessToken);
      response = await exchange(method, path, options, fresh.accessToken);
    }
    if (!response.ok) throw new ProblemError(await problemOf(response));
    return response;
  }

  return { origin: base, send, keep };
}
