import type { LiveEvent } from './live-event';
import { createRecentEvents, type RecentEvents } from './recent-events';

/** Where the hub writes a user's events: one open `GET /live`. */
export interface LiveStream {
  send(event: LiveEvent): void;
  /** Tells the client to re-read its todos: what it missed is not known here. */
  resync(): void;
  close(): void;
}

export interface LiveHubOptions {
  /** Events kept per user for reconnects (Last-Event-ID). */
  eventsPerUser: number;
  /** Users whose recent events are kept; past it, the user heard from longest ago is forgotten. */
  maxUsers: number;
}

/**
 * Fans each user's events out to that user's open streams only, and keeps their recent
 * events so that a client reconnecting with Last-Event-ID gets what it missed.
 */
export function createLiveHub({ eventsPerUser, maxUsers }: LiveHubOptions) {
  const streams = new Map<string, Set<LiveStream>>();
  // Map order is insertion order: re-inserting on use keeps the least recent user first.
  const recent = new Map<string, RecentEvents>();

  function recentOf(userId: string): RecentEvents {
    const kept = recent.get(userId) ?? createRecentEvents(eventsPerUser);
    recent.delete(userId);
    recent.set(userId, kept);
    if (recent.size > maxUsers) recent.delete(recent.keys().next().value ?? '');
    return kept;
  }

  return {
    /** Sends `event` to its user's open streams; a redelivered event is not sent twice. */
    publish(event: LiveEvent): void {
      const { userId } = event.event;
      if (!recentOf(userId).add(event)) return;
      for (const stream of streams.get(userId) ?? []) stream.send(event);
    },

    /**
     * Opens `stream` for `userId`. With `lastEventId`, first sends every later event, or a
     * resync when that id is not among the events kept. Returns the function that closes it.
     */
    connect(userId: string, stream: LiveStream, lastEventId?: string): () => void {
      if (lastEventId !== undefined) {
        const missed = recent.get(userId)?.after(lastEventId);
        if (missed) missed.forEach((event) => stream.send(event));
        else stream.resync();
      }
      const open = streams.get(userId) ?? new Set();
      open.add(stream);
      streams.set(userId, open);
      return () => {
        open.delete(stream);
        if (open.size === 0 && streams.get(userId) === open) streams.delete(userId);
      };
    },

    /** How many streams are open: for users, or all. */
    openStreams(userId?: string): number {
      if (userId !== undefined) return streams.get(userId)?.size ?? 0;
      return [...streams.values()].reduce((sum, open) => sum + open.size, 0);
    },

    /** Ends every stream (shutdown): clients reconnect to another replica. */
    closeAll(): void {
      for (const open of streams.values()) for (const stream of open) stream.close();
      streams.clear();
    },
  };
}
export type LiveHub = ReturnType<typeof createLiveHub>;
