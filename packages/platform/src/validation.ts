import type { FieldError } from '@todo-dapr/contracts';
import type { z } from 'zod';
import { badRequest } from './errors';

/** Turns zod issues into field errors; an unknown key is reported at its own path. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...base, key].join('.'),
        message: 'Unknown field',
      }));
    }
    return [{ path: base.join('.') || '(body)', message: issue.message }];
  });
}

/** Parses `input` or throws a 400 that lists every wrong field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'request body',
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw badRequest(`The ${what} is invalid.`, toFieldErrors(result.error));
}

/** Parses the value of header `name` (undefined when absent) or throws a 400 naming it. */
export function parseHeaderOrThrow<S extends z.ZodType>(
  schema: S,
  name: string,
  value: string | undefined,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw badRequest(
    `The ${name} header is invalid.`,
    result.error.issues.map((issue) => ({ path: name, message: issue.message })),
  );
}
