import { randomUUID } from 'node:crypto';
import { call } from './support/http';
import { readTopic } from './support/broker-tap';
import { deadLetters, statsWhen } from './support/stats';
import { eventually, runningSystem } from './support/system';
import { publishTodoEvent } from './support/todo-topic';
import { adminToken, newUserSession } from './support/users';

const system = runningSystem();
const { registry } = system.pubsub;
const api = system.apps['todo-api'].url;

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 9, minute)).toISOString();

/** A todo as version 1 of the events carries it (no priority), or version 2 (with one). */
function todoOf(id: string, version: number, completed: boolean, priority?: string) {
  return {
    id,
    title: `todo ${id.slice(0, 8)}`,
    completed,
    ...(priority && { priority }),
    order: 1,
    createdAt: at(0),
    updatedAt: at(version),
    version,
    url: `${system.origin}/todos/${id}`,
  };
}

describe('events on the wire', () => {
  it(
    registry
      ? 'todo and user events carry the id of their topic subject schema in the registry'
      : 'without a registry, events are JSON CloudEvents with no schema id',
    async () => {
      const { profile, token } = await newUserSession();
      const created = await call(`${api}/todos`, { token, body: { title: 'on the wire' } });
      expect(created.status).toBe(201);
      const todoId = (created.body as { id: string }).id;

      const [todoEvent] = (
        await readTopic('todos', (seen) =>
          seen.some((m) => (m.value.data as { todo?: { id: string } }).todo?.id === todoId),
        )
      ).filter((m) => (m.value.data as { todo?: { id: string } }).todo?.id === todoId);
      const [userEvent] = (
        await readTopic('users', (seen) =>
          seen.some((m) => (m.value.data as { userId?: string }).userId === profile.id),
        )
      ).filter((m) => (m.value.data as { userId?: string }).userId === profile.id);

      expect(todoEvent?.value).toMatchObject({
        type: 'todo_created',
        data: { schemaVersion: 2, todo: { id: todoId, priority: 'normal' } },
      });
      expect(userEvent?.value).toMatchObject({ type: 'user_registered' });
      if (!registry) {
        expect(todoEvent?.schemaId).toBeUndefined();
        expect(userEvent?.schemaId).toBeUndefined();
        return;
      }
      for (const [message, subject] of [
        [todoEvent, 'todos-value'],
        [userEvent, 'users-value'],
      ] as const) {
        expect(message?.schemaId).toEqual(expect.any(Number));
        const versions = await fetch(`${registry}/schemas/ids/${message?.schemaId}/versions`);
        expect(versions.status).toBe(200);
        expect(await versions.json()).toContainEqual(expect.objectContaining({ subject }));
      }
    },
  );

  it('version 1 and 2 events of one user, interleaved on the topic, give exact stats', async () => {
    const { profile, token } = await newUserSession();
    // Registration is an event too: counted before ours, so the counts below are exact.
    const before = await statsWhen(token, (s) => s.eventsProcessed >= 1);
    const userId = profile.id;
    const [a, b, c, d, e] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    let sequence = 0;
    const base = () => ({ userId, sequence: ++sequence, occurredAt: at(sequence) });
    const created = (id: string, schemaVersion: 1 | 2) => ({
      ...base(),
      event: 'todo_created',
      schemaVersion,
      todo: todoOf(id, 1, false, schemaVersion === 2 ? 'high' : undefined),
    });
    const completed = (id: string, schemaVersion: 1 | 2) => ({
      ...base(),
      event: 'todo_updated',
      schemaVersion,
      todo: todoOf(id, 2, true, schemaVersion === 2 ? 'low' : undefined),
      changes: ['completed'],
    });
    const deleted = (id: string) => ({
      ...base(),
      event: 'todo_deleted',
      schemaVersion: 1,
      todo: { id, version: 3 },
    });
    const history = [
      created(a, 1),
      created(b, 2),
      created(c, 1),
      completed(a, 2),
      created(d, 2),
      completed(b, 1),
      created(e, 1),
      deleted(c),
      completed(d, 1),
      deleted(e),
    ];

    for (const event of history) expect((await publishTodoEvent(event)).status).toBe(204);

    const stats = await statsWhen(token, (s) => s.lastSequence >= history.length);
    expect(stats).toMatchObject({
      total: 3,
      open: 0,
      completed: 3,
      deleted: 2,
      lastSequence: 10,
      eventsProcessed: before.eventsProcessed + 10,
    });
  });

  it('an event of a version the consumer does not know goes to the dead letters, saying so', async () => {
    const { profile, token } = await newUserSession();
    const admin = await adminToken();
    const before = await statsWhen(token, (s) => s.eventsProcessed >= 1);
    const id = randomUUID();
    // Version 3 of todo_created: a producer ahead of its consumers. Its shape is version 2's,
    // so the registry's schema encodes it; only the consumer can tell it is new.
    const fromTheFuture = {
      event: 'todo_created',
      schemaVersion: 3,
      userId: profile.id,
      sequence: 1,
      occurredAt: at(1),
      todo: todoOf(id, 1, false, 'high'),
    };
    const known = {
      ...fromTheFuture,
      schemaVersion: 2,
      sequence: 2,
      todo: todoOf(randomUUID(), 1, false, 'low'),
    };

    expect((await publishTodoEvent(fromTheFuture)).status).toBe(204);
    expect((await publishTodoEvent(known)).status).toBe(204);

    const letter = await eventually('the dead letter', async () =>
      (await deadLetters(admin)).deadLetters.find(
        (l) => (l.event as { data?: { todo?: { id?: string } } }).data?.todo?.id === id,
      ),
    );
    expect(letter).toMatchObject({ topic: 'todos', type: 'todo_created' });
    expect(letter.reason).toMatch(
      /todo_created schemaVersion 3 is not one this consumer knows \(1, 2\)/,
    );
    const stats = await statsWhen(token, (s) => s.lastSequence >= 2);
    expect(stats).toMatchObject({
      total: 1,
      lastSequence: 2,
      eventsProcessed: before.eventsProcessed + 1,
    });
  });

  it(
    registry
      ? 'the registry refuses, at publish time, an event that its schema cannot encode'
      : 'without a registry, the broker takes any event (the consumer dead-letters it)',
    async () => {
      const response = await publishTodoEvent({ event: 'todo_created', userId: randomUUID() });
      if (registry) {
        expect(response.status).toBe(500);
        expect(await response.text()).toMatch(/cannot decode textual record/);
      } else {
        expect(response.status).toBe(204);
      }
    },
  );
});
