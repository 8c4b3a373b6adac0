export interface BatcherOptions {
  /** The most calls one batch takes. */
  maxBatch?: number;
  /** Batches under way at once; calls arriving meanwhile wait and go together. */
  maxInFlight?: number;
}

/**
 * Group commit: calls that arrive in the same turn of the event loop, or while earlier
 * batches are under way, go together as one batch. Under light load each call goes alone,
 * with no wait beyond that turn; under heavy load many share one round trip. `run` answers
 * each item on its own (settled results, in order).
 */
export function createBatcher<I, O>(
  run: (items: I[]) => Promise<PromiseSettledResult<O>[]>,
  { maxBatch = 64, maxInFlight = 1 }: BatcherOptions = {},
) {
  interface Waiting {
    item: I;
    resolve: (output: O) => void;
    reject: (error: unknown) => void;
  }
  const queue: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  const settle = (batch: Waiting[], results: PromiseSettledResult<O>[]) => {
    batch.forEach((waiting, i) => {
      const result = results[i];
      if (result?.status === 'fulfilled') waiting.resolve(result.value);
      else waiting.reject(result ? result.reason : new Error('batch gave no result'));
    });
  };

  const pump = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight += 1;
      run(batch.map((waiting) => waiting.item))
        .then(
          (results) => settle(batch, results),
          (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
        )
        .finally(() => {
          inFlight -= 1;
          schedule();
        });
    }
  };
  // After the I/O of this turn: the requests read together join one batch.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };

  return (item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
