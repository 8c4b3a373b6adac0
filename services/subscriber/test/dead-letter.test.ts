import { toDeadLetter } from '../src/domain/dead-letter';
import { createFailureLog } from '../src/domain/failure-log';
import { cloudEvent, todoCreated } from './todo-event-fixtures';

const now = new Date('2026-11-27T12:00:00Z');
const rawDelivery = (bytes: string) => ({
  id: 'made-up-by-the-sidecar',
  specversion: '1.0',
  datacontenttype: 'application/octet-stream',
  data_base64: Buffer.from(bytes).toString('base64'),
});
const known = ['todo_created', 'todo_updated', 'todo_deleted'];

describe('dead letters', () => {
  it('keep the original CloudEvent, with the reason and attempts this subscriber noted', () => {
    const failures = createFailureLog();
    const event = cloudEvent(todoCreated());
    failures.note(event.id, 'notifications: smtp down');
    failures.note(event.id, 'notifications: smtp down');

    const letter = toDeadLetter(rawDelivery(JSON.stringify(event)), 'todos', known, failures, now);

    expect(letter).toEqual({
      id: event.id,
      topic: 'todos',
      type: 'todo_created',
      reason: 'notifications: smtp down',
      attempts: 2,
      deadLetteredAt: now.toISOString(),
      event,
    });
  });

  it('explain an unknown type that the sidecar never delivered', () => {
    const event = cloudEvent({ x: 1 }, 'todo_exploded');

    const letter = toDeadLetter(
      rawDelivery(JSON.stringify(event)),
      'todos',
      known,
      createFailureLog(),
      now,
    );

    expect(letter.reason).toMatch(/no route for CloudEvent type "todo_exploded"/);
    expect(letter.attempts).toBe(0);
  });

  it('keep bytes that are not a CloudEvent as text, under a stable id', () => {
    const first = toDeadLetter(rawDelivery('not json {'), 'todos', known, createFailureLog(), now);
    const again = toDeadLetter(rawDelivery('not json {'), 'todos', known, createFailureLog(), now);

    expect(first.event).toBe('not json {');
    expect(first.type).toBeNull();
    expect(first.id).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(again.id).toBe(first.id);
  });
});
