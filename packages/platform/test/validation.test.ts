import { z } from 'zod';
import { AppError, parseOrThrow, toFieldErrors } from '../src';

const Body = z.strictObject({
  title: z.string().min(1),
  tags: z.array(z.string()).optional(),
});

describe('toFieldErrors', () => {
  it('reports an unknown field at its own path', () => {
    const result = Body.safeParse({ title: 'a', colour: 'red' });

    const errors = result.success ? [] : toFieldErrors(result.error);

    expect(errors).toEqual([{ path: 'colour', message: 'Unknown field' }]);
  });

  it('reports nested paths with dots', () => {
    const result = Body.safeParse({ title: '', tags: ['ok', 7] });

    const paths = result.success ? [] : toFieldErrors(result.error).map((e) => e.path);

    expect(paths.sort()).toEqual(['tags.1', 'title']);
  });
});

describe('parseOrThrow', () => {
  it('when the input is invalid, throws a 400 AppError with the field paths', () => {
    const parse = () => parseOrThrow(Body, { tags: [] });

    expect(parse).toThrow(AppError);
    try {
      parse();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
      expect((error as AppError).errors).toEqual([{ path: 'title', message: expect.any(String) }]);
    }
  });

  it('when the input is valid, returns the parsed value', () => {
    expect(parseOrThrow(Body, { title: 'x' })).toEqual({ title: 'x' });
  });
});
