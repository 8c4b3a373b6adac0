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
      'todo_created',
      'todo_deleted',
      'todo_updated',
    ]);
    expect(Object.keys(doc.channels.users?.messages ?? {}).sort()).toEqual([
      'password_reset_requested',
      'user_registered',
    ]);
    expect(doc.components.messages.todo_created?.payload).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['event', 'schemaVersion', 'userId', 'sequence', 'todo']),
    });
  });
});
