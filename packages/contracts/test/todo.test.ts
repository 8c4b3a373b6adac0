import { z } from 'zod';
import { CreateTodoBody } from '../src';

describe('CreateTodoBody', () => {
  it('refuses a blank title, and its JSON Schema says so, as a fuzzer reads it', () => {
    const schema = z.toJSONSchema(CreateTodoBody, { io: 'input' }) as unknown as {
      properties: { title: { pattern: string; maxLength: number } };
    };

    expect(CreateTodoBody.safeParse({ title: ' \t ' }).success).toBe(false);
    expect(new RegExp(schema.properties.title.pattern).test(' \t ')).toBe(false);
    expect(schema.properties.title.maxLength).toBe(200);
  });

  it('counts the 200 characters as sent, and stores the title trimmed', () => {
    expect(CreateTodoBody.safeParse({ title: ` ${'x'.repeat(200)}` }).success).toBe(false);
    expect(CreateTodoBody.parse({ title: '  milk  ' }).title).toBe('milk');
  });
});
