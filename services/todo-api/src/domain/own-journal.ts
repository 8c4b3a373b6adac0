import type { WriterJournalStore } from '../dapr/writer-journal-store';
import type { PublishedEvents } from './published-events';
import { IDLE_USER_AFTER_MS } from './sweep-timing';
import type { WriterRegistry } from './writer-registry';

/**
 * A writer's journal as stored: when its owner was last known alive, and the users it may
 * have committed events for that are not known to be published.
 */
export interface WriterJournal {
  aliveAt: number;
  userIds: string[];
}

/** What this process knows of one user in its journal. */
interface JournalUser {
  /** Writes of the user under way: a user with one is never trimmed. */
  writing: number;
  lastWriteAt: number;
  /** Events this process committed for the user and has not seen published. */
  owed: Set<string>;
  /** A journal write that lists the user has landed. */
  landed: boolean;
  /** The journal write, queued or under way, that will list the user. */
  landing: Promise<void> | undefined;
}

/** What a write tells the journal about its events. */
export interface JournalEntry {
  /** The write committed these events (its own, and any orphans it publishes). */
  committed(eventIds: string[]): void;
  /** The write was undone: these events left the outbox unpublished. */
  reverted(eventIds: string[]): void;
}

export interface OwnJournalDeps {
  writerId: string;
  journals: WriterJournalStore;
  registry: WriterRegistry;
  published: PublishedEvents;
}

/**
 * This process's journal: every user is in it, durably, before a write commits their events,
 * so that if the process dies another instance finds them (dead-writer-sweep.ts). Journal
 * writes run one at a time; users who arrive while one is under way share the next.
 */
export function createOwnJournal({ writerId, journals, registry, published }: OwnJournalDeps) {
  const users = new Map<string, JournalUser>();
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<void> | undefined;
  let trimDue = false;
  let registered = false;

  const allPublished = (user: JournalUser) => {
    for (const id of user.owed) if (published.has(id)) user.owed.delete(id);
    return user.owed.size === 0;
  };
  function trimIdleUsers(now: number) {
    for (const [userId, user] of users) {
      const idle = user.writing === 0 && now - user.lastWriteAt > IDLE_USER_AFTER_MS;
      if (idle && allPublished(user)) users.delete(userId);
    }
  }

  async function writeJournal(write: Promise<void>) {
    queued = undefined;
    const aliveAt = Date.now();
    if (trimDue) trimIdleUsers(aliveAt);
    trimDue = false;
    const userIds = [...users.keys()];
    try {
      await journals.save(writerId, { aliveAt, userIds });
      // After the journal: a listed writer always has one, so a missing one was taken over.
      if (!registered) await registry.add(writerId);
      registered = true;
    } catch (error) {
      for (const user of users.values()) if (user.landing === write) user.landing = undefined;
      throw error;
    }
    for (const userId of userIds) {
      const user = users.get(userId);
      if (!user) continue;
      user.landed = true;
      if (user.landing === write) user.landing = undefined;
    }
  }

  function queueJournalWrite(): Promise<void> {
    if (queued) return queued;
    const write: Promise<void> = chain.then(() => writeJournal(write));
    queued = write;
    chain = write.catch(() => undefined);
    return write;
  }

  return {
    /**
     * Runs a write of the user once the journal lists them; they stay listed while it runs,
     * and after it until idle with all their events seen published.
     */
    async whileWriting<T>(userId: string, work: (entry: JournalEntry) => Promise<T>): Promise<T> {
      let user = users.get(userId);
      if (!user) {
        user = { writing: 0, lastWriteAt: 0, owed: new Set(), landed: false, landing: undefined };
        users.set(userId, user);
      }
      const { owed } = user;
      user.writing += 1;
      user.lastWriteAt = Date.now();
      try {
        if (!user.landed) await (user.landing ??= queueJournalWrite());
        return await work({
          committed: (ids) => ids.forEach((id) => owed.add(id)),
          reverted: (ids) => ids.forEach((id) => owed.delete(id)),
        });
      } finally {
        user.writing -= 1;
        user.lastWriteAt = Date.now();
      }
    },

    /**
     * Rewrites the journal with a fresh `aliveAt`, without the idle users whose events all
     * got out, and lists this writer again if a sweep took it for dead.
     */
    async heartbeat(): Promise<void> {
      trimDue = true;
      await queueJournalWrite();
      await registry.add(writerId);
    },
  };
}
export type OwnJournal = ReturnType<typeof createOwnJournal>;
