import { createLogger } from '@todo-dapr/platform';
import { runRepeatedly } from '../src/domain/repeating-task';

const logger = createLogger('test', 'silent');
const every = { firstAfterMs: 1_000, everyMs: 5_000 };

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('a repeating task', () => {
  it('runs after its first delay, then 5 s after each run ended', async () => {
    const task = jest.fn(() => Promise.resolve());

    const stop = runRepeatedly('test', task, every, logger);
    await jest.advanceTimersByTimeAsync(999);
    const beforeFirst = task.mock.calls.length;
    await jest.advanceTimersByTimeAsync(1 + 5_000);
    stop();

    expect([beforeFirst, task.mock.calls.length]).toEqual([0, 2]);
  });

  it('never starts a run while one is under way', async () => {
    let finish: () => void = () => undefined;
    const task = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));

    const stop = runRepeatedly('test', task, every, logger);
    await jest.advanceTimersByTimeAsync(30_000);
    const whileRunning = task.mock.calls.length;
    finish();
    await jest.advanceTimersByTimeAsync(5_000);
    stop();

    expect([whileRunning, task.mock.calls.length]).toEqual([1, 2]);
  });

  it('runs again after a run that failed', async () => {
    const task = jest
      .fn<Promise<void>, []>()
      .mockRejectedValueOnce(new Error('sidecar down'))
      .mockResolvedValue(undefined);

    const stop = runRepeatedly('test', task, every, logger);
    await jest.advanceTimersByTimeAsync(6_000);
    stop();

    expect(task).toHaveBeenCalledTimes(2);
  });

  it('stops when told', async () => {
    const task = jest.fn(() => Promise.resolve());

    runRepeatedly('test', task, every, logger)();
    await jest.advanceTimersByTimeAsync(60_000);

    expect(task).not.toHaveBeenCalled();
  });
});
