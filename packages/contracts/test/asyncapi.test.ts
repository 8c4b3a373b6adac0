import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApi } from '../src';

describe('the AsyncAPI document', () => {
  it('is up to date with the schemas (regenerate: npm run generate:asyncapi)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'asyncapi.json'), 'utf8'));

    expect(committed).toEqual(JSON.parse(JSON.stringify(buildAsyncApi())));
  });

  it('describes every event on its topic, with the contract as payload', () => {
    const doc = buildAsyncApi();

    expect(Object.keys(doc.channels.todos?.messages ?? {}).sort()).toEqual([
      'todo_created.v1',
      'todo_created.v2',
      'todo_deleted.v1',
      'todo_updated.v1',
      'todo_updated.v2',
    ]);
    expect(Object.keys(doc.channels.users?.messages ?? {}).sort()).toEqual([
      'password_reset_requested.v1',
      'user_registered.v1',
    ]);
    expect(doc.components.messages['todo_created.v2']).toMatchObject({
      name: 'todo_created',
      payload: {
        type: 'object',
        required: expect.arrayContaining(['event', 'schemaVersion', 'userId', 'sequence', 'todo']),
      },
    });
  });

  it('keeps version 1 as released: its todo has no priority, version 2’s requires it', () => {
    interface Payload {
      properties: { schemaVersion: { const: number }; todo: { required: string[] } };
    }
    const { messages } = buildAsyncApi().components;
    const v1 = messages['todo_created.v1']?.payload as unknown as Payload;
    const v2 = messages['todo_created.v2']?.payload as unknown as Payload;

    expect(v1.properties.schemaVersion.const).toBe(1);
    expect(v1.properties.todo.required).not.toContain('priority');
    expect(v2.properties.schemaVersion.const).toBe(2);
    expect(v2.properties.todo.required).toContain('priority');
  });
});
