import { DaprResources } from '@todo-dapr/contracts';
import { unlessConflict, type StateApi } from '@todo-dapr/platform';
import type { WriterJournal } from '../domain/own-journal';
import { todoKeys } from './todo-keys';

const STORE = DaprResources.todoStore;

/** A journal as read, with the ETag to delete it under. */
export interface JournalSnapshot {
  journal: WriterJournal;
  etag: string;
}

/**
 * One key per writer. Its owner writes it whole and without an ETag, one write at a time:
 * with one writer per key no write can conflict, on any store. Never part of a transaction.
 */
export function createWriterJournalStore(state: StateApi) {
  return {
    save: (writerId: string, journal: WriterJournal) =>
      state.save(STORE, [{ key: todoKeys.writerJournal(writerId), value: journal }]),

    /** The journals of these writers, in one bulk read; a missing one is left out. */
    async read(writerIds: string[]): Promise<Map<string, JournalSnapshot>> {
      const found = await state.getBulk<WriterJournal>(
        STORE,
        writerIds.map(todoKeys.writerJournal),
      );
      const journals = new Map<string, JournalSnapshot>();
      for (const writerId of writerIds) {
        const row = found.get(todoKeys.writerJournal(writerId));
        if (row) journals.set(writerId, { journal: row.value, etag: row.etag });
      }
      return journals;
    },

    /** Deletes a journal as it was read; false if its owner wrote it since, being alive. */
    remove: (writerId: string, read: JournalSnapshot) =>
      unlessConflict(state.delete(STORE, todoKeys.writerJournal(writerId), read.etag)),
  };
}
export type WriterJournalStore = ReturnType<typeof createWriterJournalStore>;
