import {
  DEAD_AFTER_MS,
  FIRST_SWEEP_AFTER_MS,
  HEARTBEAT_EVERY_MS,
  ORPHAN_AFTER_MS,
  SWEEP_DEADLINE_MS,
  SWEEP_EVERY_MS,
} from '../src/domain/sweep-timing';

describe('the clocks of crash recovery', () => {
  it('take a writer for dead only once its last commits are orphans', () => {
    expect(DEAD_AFTER_MS).toBeGreaterThan(ORPHAN_AFTER_MS + HEARTBEAT_EVERY_MS);
  });

  it('leave a pass’s own time within the promised 30 s after a restart', () => {
    const worstCase = Math.max(DEAD_AFTER_MS, FIRST_SWEEP_AFTER_MS) + SWEEP_EVERY_MS;

    expect(SWEEP_DEADLINE_MS - worstCase).toBeGreaterThanOrEqual(5_000);
  });
});
