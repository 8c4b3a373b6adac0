import { createKeyLock } from '../src/key-lock';

/** A promise and the function that settles it. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('createKeyLock', () => {
  it('runs work that shares a key one after the other, and other work alongside', async () => {
    const withKeys = createKeyLock();
    const order: string[] = [];
    const first = gate();

    const a = withKeys(['ann', 'bob'], async () => {
      order.push('a starts');
      await first.opened;
      order.push('a ends');
    });
    const b = withKeys(['bob'], () => Promise.resolve(order.push('b')));
    const c = withKeys(['cat'], () => Promise.resolve(order.push('c')));
    await c;
    first.open();
    await Promise.all([a, b]);

    expect(order).toEqual(['a starts', 'c', 'a ends', 'b']);
  });

  it('lets the next holder run after a failure, and hands the failure to its caller only', async () => {
    const withKeys = createKeyLock();

    const failed = withKeys(['ann'], () => Promise.reject(new Error('store down')));
    const next = withKeys(['ann'], () => Promise.resolve('ran'));

    await expect(failed).rejects.toThrow('store down');
    await expect(next).resolves.toBe('ran');
  });

  it('never waits in a cycle when two holders take overlapping keys in opposite order', async () => {
    const withKeys = createKeyLock();
    const results = await Promise.all([
      withKeys(['ann', 'bob'], () => Promise.resolve(1)),
      withKeys(['bob', 'ann'], () => Promise.resolve(2)),
    ]);

    expect(results).toEqual([1, 2]);
  });
});
