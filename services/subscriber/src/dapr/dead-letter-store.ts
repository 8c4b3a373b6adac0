import { DaprResources, type DeadLetter } from '@todo-dapr/contracts';
import {
  guardedUpsert,
  retryOnConflict,
  type StateApi,
  type StateOperation,
  type StoredValue,
} from '@todo-dapr/platform';
import {
  retain,
  secondsLeft,
  type DeadLetterRetention,
  type IndexedLetter,
} from '../domain/dead-letter-retention';

const store = DaprResources.subscriberStore;
const INDEX = 'dead-letters';
const keyOf = (letter: Pick<DeadLetter, 'topic' | 'id'>) =>
  `dead-letter:${letter.topic}:${letter.id}`;

interface DeadLetterIndex {
  /** Oldest first. */
  entries?: IndexedLetter[];
  /** An index written before letters expired: keys only, oldest first. */
  keys?: string[];
}

/** The index's entries; an old one's letters get a full TTL from now. */
function entriesOf(index: DeadLetterIndex | undefined, retention: DeadLetterRetention) {
  if (index?.entries) return index.entries;
  const expiresAt = new Date(Date.now() + retention.ttlSeconds * 1000).toISOString();
  return (index?.keys ?? []).map((key) => ({ key, expiresAt }));
}

/**
 * Dead letters, kept until an operator deals with them, for `ttlSeconds` at most (a state
 * TTL) and no more than `maxLetters` (the oldest go); one index record lists them.
 */
export function createDeadLetterStore(state: StateApi, retention: DeadLetterRetention) {
  const ttl = (seconds: number) => ({ ttlInSeconds: String(seconds) });

  async function liveEntries() {
    const index = (await state.get<DeadLetterIndex>(store, INDEX))?.value;
    return retain(entriesOf(index, retention), undefined, new Date(), retention).kept;
  }

  return {
    /** Records a dead letter once; false if it was recorded already (a redelivery). */
    record(letter: DeadLetter): Promise<boolean> {
      return retryOnConflict(async () => {
        const key = keyOf(letter);
        const found = await state.getBulk<unknown>(store, [key, INDEX]);
        if (found.has(key)) return false;
        const index = found.get(INDEX) as StoredValue<DeadLetterIndex> | undefined;
        const { kept, evicted } = retain(
          entriesOf(index?.value, retention),
          key,
          new Date(),
          retention,
        );
        await state.transact(store, [
          guardedUpsert(key, letter, undefined, ttl(retention.ttlSeconds)),
          guardedUpsert(INDEX, { entries: kept } satisfies DeadLetterIndex, index),
          ...evicted.map((gone): StateOperation => ({
            operation: 'delete',
            request: { key: gone },
          })),
        ]);
        return true;
      });
    },

    async get(topic: string, id: string): Promise<DeadLetter | undefined> {
      return (await state.get<DeadLetter>(store, keyOf({ topic, id })))?.value;
    },

    /** Notes that the letter was sent back to its topic; returns it as it is now. */
    markReplayed(topic: string, id: string, at: Date): Promise<DeadLetter | undefined> {
      return retryOnConflict(async () => {
        const stored = await state.get<DeadLetter>(store, keyOf({ topic, id }));
        if (!stored) return undefined;
        const letter = {
          ...stored.value,
          replayedAt: [...(stored.value.replayedAt ?? []), at.toISOString()],
        };
        // An upsert without a TTL would keep the letter for ever.
        const left = ttl(secondsLeft(letter, at, retention));
        await state.transact(store, [guardedUpsert(keyOf(letter), letter, stored, left)]);
        return letter;
      });
    },

    /** Newest first. */
    async list(
      limit: number,
      offset: number,
    ): Promise<{ total: number; deadLetters: DeadLetter[] }> {
      const entries = await liveEntries();
      const page = entries
        .map((entry) => entry.key)
        .reverse()
        .slice(offset, offset + limit);
      const found = await state.getBulk<DeadLetter>(store, page);
      return {
        total: entries.length,
        deadLetters: page.flatMap((key) => found.get(key)?.value ?? []),
      };
    },

    async count(): Promise<number> {
      return (await liveEntries()).length;
    },
  };
}
export type DeadLetterStore = ReturnType<typeof createDeadLetterStore>;
