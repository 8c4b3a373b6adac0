import type { WriterRegistryStore } from '../dapr/writer-registry-store';
import { retryLostRaces } from './lost-race-retry';

/**
 * Which writers keep a journal. A change reads the list and saves it under its ETag, again
 * after a lost race: it happens at a start and when a dead writer is taken over.
 */
export function createWriterRegistry(store: WriterRegistryStore) {
  async function change(edit: (writerIds: string[]) => string[]) {
    const done = await retryLostRaces(async () => {
      const read = await store.read();
      const writerIds = edit(read.writerIds);
      if (writerIds.length === read.writerIds.length) return true;
      return (await store.save(writerIds, read)) || undefined;
    });
    if (!done) throw new Error('the writer registry changed under every attempt');
  }

  return {
    writerIds: async () => (await store.read()).writerIds,
    /** Lists the writer, unless it is listed already. */
    add: (writerId: string) => change((ids) => (ids.includes(writerId) ? ids : [...ids, writerId])),
    remove: (writerId: string) => change((ids) => ids.filter((id) => id !== writerId)),
  };
}
export type WriterRegistry = ReturnType<typeof createWriterRegistry>;
