import { DaprResources, type DeadLetter } from '@todo-dapr/contracts';
import {
  guardedUpsert,
  retryOnConflict,
  type StateApi,
  type StoredValue,
} from '@todo-dapr/platform';

const store = DaprResources.subscriberStore;
const INDEX = 'dead-letters';
const keyOf = (letter: Pick<DeadLetter, 'topic' | 'id'>) =>
  `dead-letter:${letter.topic}:${letter.id}`;

interface DeadLetterIndex {
  /** Oldest first. */
  keys: string[];
}

/** Dead letters, kept until an operator deals with them; one index record lists them. */
export function createDeadLetterStore(state: StateApi) {
  return {
    /** Records a dead letter once; false if it was recorded already (a redelivery). */
    record(letter: DeadLetter): Promise<boolean> {
      return retryOnConflict(async () => {
        const key = keyOf(letter);
        const found = await state.getBulk<unknown>(store, [key, INDEX]);
        if (found.has(key)) return false;
        const index = found.get(INDEX) as StoredValue<DeadLetterIndex> | undefined;
        await state.transact(store, [
          guardedUpsert(key, letter),
          guardedUpsert(INDEX, { keys: [...(index?.value.keys ?? []), key] }, index),
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
        await state.transact(store, [guardedUpsert(keyOf(letter), letter, stored)]);
        return letter;
      });
    },

    /** Newest first. */
    async list(
      limit: number,
      offset: number,
    ): Promise<{ total: number; deadLetters: DeadLetter[] }> {
      const keys = (await state.get<DeadLetterIndex>(store, INDEX))?.value.keys ?? [];
      const page = keys
        .slice()
        .reverse()
        .slice(offset, offset + limit);
      const found = await state.getBulk<DeadLetter>(store, page);
      return {
        total: keys.length,
        deadLetters: page.flatMap((key) => found.get(key)?.value ?? []),
      };
    },

    async count(): Promise<number> {
      return (await state.get<DeadLetterIndex>(store, INDEX))?.value.keys.length ?? 0;
    },
  };
}
export type DeadLetterStore = ReturnType<typeof createDeadLetterStore>;
