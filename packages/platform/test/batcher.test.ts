import { createBatcher } from '../src';

/** A batch runner that records its batches and answers when told to. */
function recorder(
  answer: (item: number) => PromiseSettledResult<number> = (n) => ({
    status: 'fulfilled',
    value: n * 10,
  }),
) {
  const batches: number[][] = [];
  const release: (() => void)[] = [];
  const run = (items: number[]) => {
    batches.push(items);
    return new Promise<PromiseSettledResult<number>[]>((resolve) => {
      release.push(() => resolve(items.map(answer)));
    });
  };
  return { batches, release, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the batcher (group commit)', () => {
  it('sends a lone call at once, and gathers the calls that arrive meanwhile into one batch', async () => {
    const { batches, release, run } = recorder();
    const call = createBatcher(run);

    const first = call(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const rest = [call(2), call(3), call(4)];

    release.shift()?.();
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    release.shift()?.();

    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('gathers the calls made in one turn of the event loop, even with room for more batches', async () => {
    const { batches, release, run } = recorder();
    const call = createBatcher(run, { maxInFlight: 4 });

    const calls = [call(1), call(2), call(3)];
    await tick();
    release.shift()?.();

    expect(await Promise.all(calls)).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('settles each call on its own: one rejected item does not fail the others', async () => {
    const { release, run } = recorder((n) =>
      n === 2
        ? { status: 'rejected', reason: new Error('two failed') }
        : { status: 'fulfilled', value: n },
    );
    const call = createBatcher(run, { maxInFlight: 1 });
    const blocker = call(0);
    await tick();
    const calls = [call(1), call(2), call(3)];
    release.shift()?.();
    await blocker;
    await tick();
    release.shift()?.();

    const results = await Promise.allSettled(calls);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('when the whole batch fails, every call in it fails with that error', async () => {
    const call = createBatcher<number, number>(() => Promise.reject(new Error('sidecar down')));

    await expect(Promise.all([call(1), call(2)])).rejects.toThrow('sidecar down');
  });

  it('keeps batches within maxBatch and runs up to maxInFlight at once', async () => {
    const { batches, release, run } = recorder();
    const call = createBatcher(run, { maxBatch: 2, maxInFlight: 2 });

    const calls = [1, 2, 3, 4, 5].map((n) => call(n));
    await tick();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    while (release.length > 0 || batches.length < 3) {
      release.shift()?.();
      await tick();
    }
    while (release.length > 0) release.shift()?.();

    expect(await Promise.all(calls)).toEqual([10, 20, 30, 40, 50]);
    expect(batches.flat().sort()).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(2);
  });
});
