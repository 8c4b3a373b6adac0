// A steady stream of calls at a fixed rate until stopped: each call's time and outcome, so a
// fault's effect on acknowledged work can be counted afterwards.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `send(i)` `rate` times a second until `stop()`, which resolves with every call as
 * `{ i, sentAt, answeredAt, ok, value | error }` once the last one has answered.
 */
export function steadyLoad({ rate, send }) {
  const pending = [];
  const answered = [];
  let running = true;
  const loop = (async () => {
    const start = performance.now();
    for (let i = 0; running; i += 1) {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      const sentAt = Date.now();
      const settle = (outcome) => {
        const call = { i, sentAt, answeredAt: Date.now(), ...outcome };
        answered.push(call);
        return call;
      };
      pending.push(
        send(i).then(
          (value) => settle({ ok: true, value }),
          (error) => settle({ ok: false, error: error instanceof Error ? error.message : error }),
        ),
      );
    }
  })();
  return {
    /** Whether a call sent at or after `since` has been acknowledged yet. */
    ackedSince: (since) => answered.some((call) => call.ok && call.sentAt >= since),
    async stop() {
      running = false;
      await loop;
      return Promise.all(pending);
    },
  };
}

/** Milliseconds from `since` until the first acknowledgement of a call sent at or after it. */
export function firstAckAfter(calls, since) {
  const after = calls.filter((c) => c.ok && c.sentAt >= since).map((c) => c.answeredAt - since);
  return after.length ? Math.min(...after) : undefined;
}
