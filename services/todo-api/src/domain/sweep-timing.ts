/**
 * The clocks of crash recovery, in one place. docs/todo-api.md promises that events a crashed
 * writer committed and never published go out within 30 s of any todo-api instance starting.
 * A writer's last commit is at most HEARTBEAT_EVERY_MS after its last heartbeat, so
 * DEAD_AFTER_MS later its events are older than ORPHAN_AFTER_MS; the pass that finds the
 * writer dead comes at most SWEEP_EVERY_MS later: 20 s + 5 s (+ the pass) after the crash,
 * and so after any restart that follows it.
 */

/** A live writer publishes within seconds; an older outbox entry's writer is taken to have died. */
export const ORPHAN_AFTER_MS = 10_000;
/** Each writer rewrites its journal this often, with a fresh `aliveAt`. */
export const HEARTBEAT_EVERY_MS = 5_000;
/** A journal whose `aliveAt` is older than this belongs to a dead writer. */
export const DEAD_AFTER_MS = 20_000;
/** Each instance looks for dead writers this soon after its start, then this often. */
export const FIRST_SWEEP_AFTER_MS = 1_000;
export const SWEEP_EVERY_MS = 5_000;
/** A user this long without a write, whose events all got out, leaves the writer's journal. */
export const IDLE_USER_AFTER_MS = 30_000;
/** What the docs promise, from a start to the events on the topic. */
export const SWEEP_DEADLINE_MS = 30_000;
