import { exampleTodoCreated } from '@todo-dapr/contracts';
import { createLogger } from '@todo-dapr/platform';
import { orphansIn, replayOrphans } from '../src/domain/orphan-replay';
import { createPublishedEvents } from '../src/domain/published-events';
import type { OutboxEntry } from '../src/domain/user-todos';

const committedAt = Date.parse('2026-11-28T08:00:00.000Z');
const entry = (id: string): OutboxEntry => ({
  id,
  event: {
    ...exampleTodoCreated('u1', 'http://x'),
    occurredAt: new Date(committedAt).toISOString(),
  },
});

describe('orphansIn', () => {
  it('finds the events older than 10 s that this process did not see published', () => {
    const published = createPublishedEvents();
    published.add('e1');

    const orphans = orphansIn([entry('e1'), entry('e2')], published, committedAt + 10_001);

    expect(orphans.map((orphan) => orphan.id)).toEqual(['e2']);
  });

  it('leaves events of 10 s or younger to the writer that may still be publishing them', () => {
    expect(orphansIn([entry('e1')], createPublishedEvents(), committedAt + 10_000)).toEqual([]);
  });
});

describe('replayOrphans', () => {
  const logger = createLogger('test', 'silent');

  it('publishes them in order, for their user', async () => {
    const sent: [string, string[]][] = [];
    const publish = (userId: string, entries: OutboxEntry[]) =>
      Promise.resolve(void sent.push([userId, entries.map((e) => e.id)]));

    await replayOrphans(publish, logger, 'u1', [entry('e1'), entry('e2')]);

    expect(sent).toEqual([['u1', ['e1', 'e2']]]);
  });

  it('lets the write go on when they cannot be published', async () => {
    const failing = () => Promise.reject(new Error('broker down'));

    await expect(replayOrphans(failing, logger, 'u1', [entry('e1')])).resolves.toBeUndefined();
  });
});
