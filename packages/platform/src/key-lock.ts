/**
 * Runs each piece of work after every earlier one that shares a key with it, and alongside
 * the rest: an in-process lock over a set of keys at once. Keys are taken in one synchronous
 * step, so two holders of overlapping sets never wait for each other in a cycle.
 */
export function createKeyLock() {
  const tails = new Map<string, Promise<unknown>>();

  return function withKeys<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    const held = [...new Set(keys)];
    const before = held.flatMap((key) => tails.get(key) ?? []);
    const result = Promise.allSettled(before).then(work);
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    for (const key of held) tails.set(key, done);
    void done.then(() => {
      for (const key of held) if (tails.get(key) === done) tails.delete(key);
    });
    return result;
  };
}
export type KeyLock = ReturnType<typeof createKeyLock>;
