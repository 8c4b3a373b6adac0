import { replayOf, requestHashOf } from '../src/domain/idempotency';
import { milk } from './support/todo-record';

describe('an Idempotency-Key’s first answer', () => {
  const hash = requestHashOf({ title: 'Milk' });

  it('is replayed for the same body', () => {
    expect(replayOf({ requestHash: hash, todo: milk }, requestHashOf({ title: 'Milk' }))).toBe(
      milk,
    );
  });

  it('is not there for a key not seen before', () => {
    expect(replayOf(undefined, hash)).toBeUndefined();
  });

  it('refuses another body under the same key with 422', () => {
    const reused = () =>
      replayOf({ requestHash: hash, todo: milk }, requestHashOf({ title: 'Eggs' }));

    expect(reused).toThrow(
      expect.objectContaining({ status: 422, code: 'IDEMPOTENCY.KEY_REUSED' }),
    );
  });
});
