import type { SidecarHttp } from './sidecar-http';

export interface StateOptions {
  /** first-write: a write without a matching ETag fails instead of overwriting. */
  concurrency?: 'first-write' | 'last-write';
  consistency?: 'strong' | 'eventual';
}

export interface StateItem<T = unknown> {
  key: string;
  value: T;
  etag?: string;
  /** e.g. `{ ttlInSeconds: '86400' }` */
  metadata?: Record<string, string>;
  options?: StateOptions;
}

export interface StoredValue<T> {
  value: T;
  etag: string;
}

export type StateOperation =
  | { operation: 'upsert'; request: StateItem }
  | { operation: 'delete'; request: { key: string; etag?: string; options?: StateOptions } };

const statePath = (store: string, key = '') =>
  `/v1.0/state/${encodeURIComponent(store)}${key && `/${encodeURIComponent(key)}`}`;

/**
 * Dapr refuses a key with `||` (its own prefix separator) with a 400, so no such key is ever
 * stored: reading one finds nothing, instead of failing on a name a client made up.
 */
const canExist = (key: string) => !key.includes('||');

/** State API of the sidecar, keeping the ETags that the JS SDK drops. */
export function createStateApi(http: SidecarHttp) {
  return {
    async get<T>(store: string, key: string): Promise<StoredValue<T> | undefined> {
      if (!canExist(key)) return undefined;
      const response = await http(statePath(store, key), { query: { consistency: 'strong' } });
      if (response.status === 204) return undefined;
      return { value: response.json() as T, etag: response.header('etag') ?? '' };
    },

    /** Many keys in one call; missing keys are left out. */
    async getBulk<T>(store: string, keys: string[]): Promise<Map<string, StoredValue<T>>> {
      const found = new Map<string, StoredValue<T>>();
      const asked = keys.filter(canExist);
      if (asked.length === 0) return found;
      const response = await http(`${statePath(store)}/bulk`, {
        body: { keys: asked, parallelism: 16 },
      });
      const items = response.json() as { key: string; data?: T; etag?: string }[];
      for (const item of items) {
        if (item.data !== undefined)
          found.set(item.key, { value: item.data, etag: item.etag ?? '' });
      }
      return found;
    },

    async save(store: string, items: StateItem[]): Promise<void> {
      await http(statePath(store), { body: items });
    },

    async delete(store: string, key: string, etag?: string): Promise<void> {
      await http(statePath(store, key), {
        method: 'DELETE',
        ...(etag !== undefined && { headers: { 'if-match': etag } }),
      });
    },

    /** All operations apply together or not at all. */
    async transact(store: string, operations: StateOperation[], metadata?: Record<string, string>) {
      await http(`${statePath(store)}/transaction`, { body: { operations, metadata } });
    },
  };
}
export type StateApi = ReturnType<typeof createStateApi>;
