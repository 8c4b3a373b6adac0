import { DaprResources } from '@todo-dapr/contracts';
import { unlessConflict, type StateApi, type StoredValue } from '@todo-dapr/platform';
import type { Counter } from '../domain/throttle-schedule';
import { hashToken } from '../domain/opaque-token';

const STORE = DaprResources.authStore;
// Hashed: the store learns neither the names nor the addresses being counted.
const key = (limit: string, subject: string) => `throttle:${limit}:${hashToken(subject)}`;

/**
 * Throttle counters in auth's state store, so every replica counts the same attempts. Each
 * has a TTL, so nothing piles up when attempts stop.
 */
export function createThrottleStore(state: StateApi) {
  return {
    get: (limit: string, subject: string): Promise<StoredValue<Counter> | undefined> =>
      state.get<Counter>(STORE, key(limit, subject)),

    /** Writes under the read's ETag, or as a new key; false if another attempt wrote first. */
    put(limit: string, subject: string, counter: Counter, etag: string | undefined, ttl: number) {
      return unlessConflict(
        state.save(STORE, [
          {
            key: key(limit, subject),
            value: counter,
            metadata: { ttlInSeconds: String(ttl) },
            ...(etag ? { etag } : { options: { concurrency: 'first-write' } }),
          },
        ]),
      );
    },

    forget: (limit: string, subject: string) => state.delete(STORE, key(limit, subject)),
  };
}
export type ThrottleStore = ReturnType<typeof createThrottleStore>;
