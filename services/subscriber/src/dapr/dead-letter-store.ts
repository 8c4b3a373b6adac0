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
