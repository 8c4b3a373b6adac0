import { decide, delaySeconds, type Counter, type Limit } from '../src/domain/throttle-schedule';

const window: Limit = { name: 'w', allowed: 3, windowSeconds: 60 };
const growing = { firstSeconds: 5, maxSeconds: 60 };
const backoff: Limit = { name: 'b', allowed: 2, windowSeconds: 60, backoff: growing };

/** Runs attempts at the given times (ms), keeping what each decision stored. */
function attemptsAt(limit: Limit, times: number[]) {
  let counter: Counter | undefined;
  return times.map((now) => {
    const decision = decide(limit, counter, now);
    if (decision.retryAfterSeconds === undefined) counter = decision.next;
    return decision.retryAfterSeconds ?? 'ok';
  });
}

describe('the delay schedule', () => {
  it('doubles from the first wait and stops at the max', () => {
    const waits = [0, 1, 2, 3, 4, 50].map((beyond) => delaySeconds(growing, beyond));

    expect(waits).toEqual([5, 10, 20, 40, 60, 60]);
  });

  it('past the allowed failures, refuses the next attempt for a growing wait', () => {
    const answers = attemptsAt(backoff, [0, 1000, 2000, 6000, 7000, 16_000, 17_000]);

    // 2 pass; the 2nd sets 5 s; after it, the 3rd sets 10 s; after that, the 4th sets 20 s.
    expect(answers).toEqual(['ok', 'ok', 4, 'ok', 9, 'ok', 19]);
  });

  it('does not count refused attempts, so waiting is enough to get through', () => {
    const answers = attemptsAt(backoff, [0, 0, 1000, 2000, 3000, 4000, 5000]);

    expect(answers).toEqual(['ok', 'ok', 4, 3, 2, 1, 'ok']);
  });

  it('forgets the failures a window after the last wait ended', () => {
    const answers = attemptsAt(backoff, [0, 0, 5000 + 60_000, 5000 + 60_001, 5000 + 60_001]);

    expect(answers).toEqual(['ok', 'ok', 'ok', 'ok', 5]);
  });

  it('lets a window limit’s attempts through until the window is spent, then says how long is left', () => {
    const answers = attemptsAt(window, [0, 10_000, 20_000, 45_000, 59_000, 60_000]);

    expect(answers).toEqual(['ok', 'ok', 'ok', 15, 1, 'ok']);
  });

  it('keeps each counter in the store only as long as it matters (its TTL)', () => {
    const fresh = decide(window, undefined, 0);
    const blocked = decide(backoff, { attempts: 2, resetsAt: 65_000, blockedUntil: 5000 }, 5000);

    expect(fresh).toMatchObject({ ttlSeconds: 60 });
    expect(blocked).toMatchObject({ ttlSeconds: 70, next: { blockedUntil: 15_000 } });
  });
});
