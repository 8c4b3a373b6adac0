import { pageOf, type IndexEntry } from '../src/domain/user-todos';

const entry = (
  id: string,
  order: number,
  completed = false,
  createdAt = '2026-01-01T00:00:00.000Z',
): IndexEntry => ({
  id,
  order,
  completed,
  createdAt,
});

describe('pageOf', () => {
  const entries = [
    entry('d', 3),
    entry('b', 1, true),
    entry('a', 0),
    entry('c', 1, true, '2026-01-02T00:00:00.000Z'),
  ];

  it('orders by order, then creation time, then id', () => {
    expect(pageOf(entries, { limit: 10 }).ids).toEqual(['a', 'b', 'c', 'd']);
  });

  it('pages with a cursor that continues after the last entry, and ends without one', () => {
    const first = pageOf(entries, { limit: 2 });
    const second = pageOf(entries, { limit: 2, cursor: first.next });

    expect(first.ids).toEqual(['a', 'b']);
    expect(second.ids).toEqual(['c', 'd']);
    expect(second.next).toBeUndefined();
  });

  it('keeps its place when an entry is added before the cursor', () => {
    const first = pageOf(entries, { limit: 2 });

    const second = pageOf([...entries, entry('0', -5)], { limit: 2, cursor: first.next });

    expect(second.ids).toEqual(['c', 'd']);
  });

  it('filters by completed', () => {
    expect(pageOf(entries, { limit: 10, completed: true }).ids).toEqual(['b', 'c']);
    expect(pageOf(entries, { limit: 10, completed: false }).ids).toEqual(['a', 'd']);
  });

  it('refuses a forged cursor with a 400 on the cursor field', () => {
    expect(() => pageOf(entries, { limit: 2, cursor: 'bm90LWpzb24' })).toThrow(
      expect.objectContaining({
        status: 400,
        errors: [{ path: 'cursor', message: 'Invalid cursor' }],
      }),
    );
  });
});
