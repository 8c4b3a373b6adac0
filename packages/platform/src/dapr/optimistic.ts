import { SidecarError } from './sidecar-error';
import type { StateItem, StateOperation } from './state';

/** A write under `current`'s ETag, or, for a new key, one that fails if the key appeared. */
export const guardedItem = (
  key: string,
  value: unknown,
  current?: { etag?: string | undefined },
  metadata?: Record<string, string>,
): StateItem => ({
  key,
  value,
  ...(current?.etag ? { etag: current.etag } : { options: { concurrency: 'first-write' } }),
  ...(metadata && { metadata }),
});

/** guardedItem as an operation of a transaction. */
export const guardedUpsert = (...args: Parameters<typeof guardedItem>): StateOperation => ({
  operation: 'upsert',
  request: guardedItem(...args),
});

/** Turns "a first-write key exists / an ETag moved" into `false`; other failures propagate. */
export async function unlessConflict(write: Promise<void>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof SidecarError && error.isEtagMismatch) return false;
    throw error;
  }
}

/** Runs `attempt` (read, decide, guarded write) again while its write conflicts. */
export async function retryOnConflict<T>(attempt: () => Promise<T>, times = 8): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof SidecarError && error.isEtagMismatch) || n >= times) throw error;
    }
  }
}
