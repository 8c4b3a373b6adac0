import { unlessConflict } from '../src';
import { memoryStateApi } from '../testing';

describe('the in-process state API of the tests', () => {
  it('reports a lost ETag race as a conflict, in a save and in a transaction', async () => {
    const { state } = memoryStateApi();
    await state.save('s', [{ key: 'a', value: 1 }]);

    const save = unlessConflict(state.save('s', [{ key: 'a', value: 2, etag: 'old' }]));
    const transaction = unlessConflict(
      state.transact('s', [{ operation: 'delete', request: { key: 'a', etag: 'old' } }]),
    );

    expect([await save, await transaction]).toEqual([false, false]);
    expect((await state.get('s', 'a'))?.value).toBe(1);
  });

  it('settles calls in the order they were made', async () => {
    const { state } = memoryStateApi();
    const firstWrite = { key: 'a', options: { concurrency: 'first-write' as const } };

    const answers = await Promise.all(
      [1, 2, 3].map((value) => unlessConflict(state.save('s', [{ ...firstWrite, value }]))),
    );

    expect(answers).toEqual([true, false, false]);
  });
});
