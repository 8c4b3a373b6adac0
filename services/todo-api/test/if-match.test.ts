import { assertIfMatch } from '../src/domain/if-match';
import { milk } from './support/todo-record';

describe('If-Match on a todo at version 1', () => {
  it.each([
    ['absent', undefined],
    ['*', '*'],
    ['its ETag', '"1"'],
    ['its ETag, weak', 'W/"1"'],
    ['a list holding its ETag', '"3", "1"'],
  ])('holds when %s', (_name, ifMatch) => {
    expect(() => assertIfMatch(ifMatch, milk)).not.toThrow();
  });

  it('answers 412 naming the current ETag when it names another', () => {
    expect(() => assertIfMatch('"2"', milk)).toThrow(
      expect.objectContaining({ status: 412, code: 'TODO.PRECONDITION_FAILED' }),
    );
  });
});
