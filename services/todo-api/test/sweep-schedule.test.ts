import { createLogger } from '@todo-dapr/platform';
import type { SweepReport } from '../src/domain/outbox-sweep';
import { scheduleSweeps } from '../src/domain/sweep-schedule';

const logger = createLogger('test', 'silent');
const report: SweepReport = { users: 0, replayed: 0, emptied: 0 };

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('the sweep schedule', () => {
  it('sweeps at start, then every 5 s after the last sweep ended', async () => {
    const sweep = jest.fn(() => Promise.resolve(report));

    const stop = scheduleSweeps(sweep, 5_000, logger);
    await jest.advanceTimersByTimeAsync(4_999);
    const atStart = sweep.mock.calls.length;
    await jest.advanceTimersByTimeAsync(1);
    stop();

    expect([atStart, sweep.mock.calls.length]).toEqual([1, 2]);
  });

  it('never starts a sweep while one is under way', async () => {
    let finish: () => void = () => undefined;
    const sweep = jest.fn(
      () =>
        new Promise<SweepReport>((resolve) => {
          finish = () => resolve(report);
        }),
    );

    const stop = scheduleSweeps(sweep, 5_000, logger);
    await jest.advanceTimersByTimeAsync(20_000);
    const whileRunning = sweep.mock.calls.length;
    finish();
    await jest.advanceTimersByTimeAsync(5_000);
    stop();

    expect([whileRunning, sweep.mock.calls.length]).toEqual([1, 2]);
  });

  it('sweeps again after a sweep that failed', async () => {
    const sweep = jest
      .fn<Promise<SweepReport>, []>()
      .mockRejectedValueOnce(new Error('sidecar down'))
      .mockResolvedValue(report);

    const stop = scheduleSweeps(sweep, 5_000, logger);
    await jest.advanceTimersByTimeAsync(5_000);
    stop();

    expect(sweep).toHaveBeenCalledTimes(2);
  });

  it('stops when told', async () => {
    const sweep = jest.fn(() => Promise.resolve(report));

    scheduleSweeps(sweep, 5_000, logger)();
    await jest.advanceTimersByTimeAsync(60_000);

    expect(sweep).toHaveBeenCalledTimes(1);
  });
});
