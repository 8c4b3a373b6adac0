import { createLogger } from '@todo-dapr/platform';
import { memoryStateApi } from '@todo-dapr/platform/testing';
import type { TodoStore } from '../src/dapr/todo-store';
import { createWriterJournalStore } from '../src/dapr/writer-journal-store';
import { createWriterRegistryStore } from '../src/dapr/writer-registry-store';
import { emptyUserTodos } from '../src/domain/user-todos';
import { createUserWrites } from '../src/domain/user-writes';
import { milk } from './support/todo-record';

const todo = milk;

function writesWith() {
  const commits: unknown[] = [];
  const published: unknown[] = [];
  const store = {
    userTodos: () => Promise.resolve({ value: emptyUserTodos(), etag: undefined }),
    commit: (...args: unknown[]) => Promise.resolve(commits.push(args) > 0),
  } as unknown as TodoStore;
  const { state } = memoryStateApi();
  const writes = createUserWrites({
    store,
    writerId: 'w1',
    writers: {
      registry: createWriterRegistryStore(state),
      journals: createWriterJournalStore(state),
    },
    publish: (entry) => Promise.resolve(void published.push(entry)),
    publicUrl: 'http://todo.example',
    logger: createLogger('test', 'silent'),
  });
  return { writes, commits, published };
}

describe('a user write', () => {
  it('commits the todo with its event, then publishes the event', async () => {
    const { writes, commits, published } = writesWith();

    await writes.write('u1', () => Promise.resolve({ changes: [{ after: todo }], result: 1 }));

    expect([commits.length, published.length]).toEqual([1, 1]);
  });

  it('whose event would break the contract, fails with 422 and writes and publishes nothing', async () => {
    const { writes, commits, published } = writesWith();
    const bad = { ...todo, dueAt: '+010000-01-01T01:00:00.000Z' };

    const failure = writes.write('u1', () =>
      Promise.resolve({ changes: [{ after: bad }], result: 1 }),
    );

    await expect(failure).rejects.toMatchObject({ status: 422, code: 'TODO.EVENT_INVALID' });
    expect([commits.length, published.length]).toEqual([0, 0]);
  });
});
