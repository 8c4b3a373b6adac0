import { StateConcurrencyEnum, StateConsistencyEnum } from '@dapr/dapr';
import type { SdkClient } from './sdk-client';
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

/** The SDK's options are enums; it turns a string into no option at all (Client.util.js). */
const sdkOptions = (options?: StateOptions) =>
  options && {
    concurrency:
      options.concurrency === 'first-write'
        ? StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE
        : options.concurrency === 'last-write'
          ? StateConcurrencyEnum.CONCURRENCY_LAST_WRITE
          : StateConcurrencyEnum.CONCURRENCY_UNSPECIFIED,
    consistency:
      options.consistency === 'strong'
        ? StateConsistencyEnum.CONSISTENCY_STRONG
        : options.consistency === 'eventual'
          ? StateConsistencyEnum.CONSISTENCY_EVENTUAL
          : StateConsistencyEnum.CONSISTENCY_UNSPECIFIED,
  };

/**
 * The SDK's request types an ETag as `{ value }`, which its HTTP client sends as an object
 * that daprd refuses; daprd wants the string, so it goes as one.
 */
const sdkRequest = ({ etag, options, ...request }: StateOperation['request']) => ({
  ...request,
  ...(etag !== undefined && { etag: etag as unknown as { value: string } }),
  options: sdkOptions(options),
});

/**
 * State API of the sidecar through `DaprClient`, except `get`: the SDK's drops the ETag,
 * which optimistic concurrency needs, so that one stays a call of our own.
 */
export function createStateApi(http: SidecarHttp, sdk: SdkClient) {
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
      const items = (await sdk.call(`state ${store} bulk get`, (client) =>
        client.state.getBulk(store, asked, { parallelism: 16 }),
      )) as { key: string; data?: T; etag?: string }[];
      for (const item of items) {
        if (item.data !== undefined)
          found.set(item.key, { value: item.data, etag: item.etag ?? '' });
      }
      return found;
    },

    async save(store: string, items: StateItem[]): Promise<void> {
      const { error } = await sdk.call(`state ${store} save`, (client) =>
        client.state.save(
          store,
          items.map((item) => ({ ...item, options: sdkOptions(item.options) })),
        ),
      );
      // The SDK returns a failed save instead of rejecting.
      if (error !== undefined) throw sdk.errorOf(`state ${store} save`, error);
    },

    async delete(store: string, key: string, etag?: string): Promise<void> {
      const { error } = await sdk.call(`state ${store} delete`, (client) =>
        // The SDK puts the key into the URL as it is.
        client.state.delete(store, encodeURIComponent(key), etag !== undefined ? { etag } : {}),
      );
      if (error !== undefined) throw sdk.errorOf(`state ${store} delete`, error);
    },

    /** All operations apply together or not at all. */
    async transact(store: string, operations: StateOperation[], metadata?: Record<string, string>) {
      await sdk.call(`state ${store} transaction`, (client) =>
        client.state.transaction(
          store,
          operations.map(({ operation, request }) => ({ operation, request: sdkRequest(request) })),
          metadata ?? null,
        ),
      );
    },
  };
}
export type StateApi = ReturnType<typeof createStateApi>;
