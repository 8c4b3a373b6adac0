/**
 * Fixed-window counters: failed logins per username, attempts per client address.
 * Kept in memory, so each replica counts on its own (see docs/decisions.md).
 */
export function createLoginThrottle(limits: {
  failuresPerUsername: number;
  attemptsPerClient: number;
  windowMs: number;
  now?: () => number;
}) {
  const now = limits.now ?? Date.now;
  const windows = new Map<string, { count: number; resetAt: number }>();

  function windowOf(key: string) {
    const current = windows.get(key);
    if (current && current.resetAt > now()) return current;
    if (windows.size > 100_000) windows.clear(); // a flood of random names must not grow memory
    const fresh = { count: 0, resetAt: now() + limits.windowMs };
    windows.set(key, fresh);
    return fresh;
  }

  return {
    /** Counts an attempt; returns the seconds to wait when over a limit. */
    check(username: string, client: string): number | undefined {
      const byClient = windowOf(`client:${client}`);
      byClient.count += 1;
      const byUser = windowOf(`user:${username.toLowerCase()}`);
      const blocked = [
        byClient.count > limits.attemptsPerClient ? byClient : undefined,
        byUser.count >= limits.failuresPerUsername ? byUser : undefined,
      ].filter((w) => w !== undefined);
      if (blocked.length === 0) return undefined;
      return Math.ceil((Math.max(...blocked.map((w) => w.resetAt)) - now()) / 1000);
    },
    recordFailure(username: string) {
      windowOf(`user:${username.toLowerCase()}`).count += 1;
    },
    recordSuccess(username: string) {
      windows.delete(`user:${username.toLowerCase()}`);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
