import { Todo, TodoEvent, withoutNulls } from '@todo-dapr/contracts';
import { call } from './support/http';
import { runningSystem } from './support/system';
import { todoEventsOf } from './support/todo-topic';
import { newUserSession } from './support/users';

const system = runningSystem();
const api = system.apps['todo-api'].url;

describe('todos through todo-api, its sidecar and Kafka', () => {
  it('a sequence of writes yields exactly the matching events, valid against the contracts', async () => {
    const { profile, token } = await newUserSession();

    const created = await call(`${api}/todos`, {
      token,
      body: { title: 'Write the tests', order: 3 },
    });
    const patched = await call(`${api}/todos/${created.body.id}`, {
      method: 'PATCH',
      token,
      body: { completed: true },
    });
    const deleted = await call(`${api}/todos/${created.body.id}`, { method: 'DELETE', token });

    expect([created.status, patched.status, deleted.status]).toEqual([201, 200, 204]);
    expect(Todo.parse(created.body)).toMatchObject({
      title: 'Write the tests',
      order: 3,
      completed: false,
      version: 1,
    });
    // Absolute urls name the one origin (web), whoever is asked.
    expect(created.body.url).toBe(`${system.origin}/todos/${created.body.id}`);
    expect(created.headers.get('location')).toBe(`/todos/${created.body.id}`);
    const messages = await todoEventsOf(profile.id, token);
    const events = messages.map((m) => TodoEvent.parse(withoutNulls(m.value.data)));
    expect(messages.map((m) => m.value.type)).toEqual([
      'todo_created',
      'todo_updated',
      'todo_deleted',
    ]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(events[1]).toMatchObject({
      changes: ['completed'],
      todo: { completed: true, version: 2 },
    });
    expect(events[2]).toMatchObject({ todo: { id: created.body.id, version: 2 } });
    expect(new Set(messages.map((m) => m.value.id)).size).toBe(3);
  });

  it('keeps each user’s todos apart: another user’s todo answers 404 for reads and writes', async () => {
    const owner = await newUserSession();
    const stranger = await newUserSession();
    const created = await call(`${api}/todos`, { token: owner.token, body: { title: 'Mine' } });
    const url = `${api}/todos/${created.body.id}`;

    const read = await call(url, { token: stranger.token });
    const patch = await call(url, {
      method: 'PATCH',
      token: stranger.token,
      body: { title: 'Yours' },
    });
    const remove = await call(url, { method: 'DELETE', token: stranger.token });
    const list = await call(`${api}/todos`, { token: stranger.token });
    const still = await call(url, { token: owner.token });

    expect([read.status, patch.status, remove.status]).toEqual([404, 404, 404]);
    expect(list.body).toEqual([]);
    expect(still.body.title).toBe('Mine');
  });

  it('answers 412 to a PATCH or DELETE with a stale If-Match, and applies a current one', async () => {
    const { token } = await newUserSession();
    const created = await call(`${api}/todos`, { token, body: { title: 'v1' } });
    const url = `${api}/todos/${created.body.id}`;
    const firstEtag = created.headers.get('etag') ?? '';
    await call(url, { method: 'PATCH', token, body: { title: 'v2' } });

    const stalePatch = await call(url, {
      method: 'PATCH',
      token,
      body: { title: 'v3' },
      headers: { 'if-match': firstEtag },
    });
    const staleDelete = await call(url, {
      method: 'DELETE',
      token,
      headers: { 'if-match': firstEtag },
    });
    const current = await call(url, { token });
    const freshPatch = await call(url, {
      method: 'PATCH',
      token,
      body: { title: 'v3' },
      headers: { 'if-match': current.headers.get('etag') ?? '' },
    });

    expect(firstEtag).toBe('"1"');
    expect([stalePatch.status, staleDelete.status]).toEqual([412, 412]);
    expect(current.body.title).toBe('v2');
    expect(freshPatch.status).toBe(200);
    expect(freshPatch.headers.get('etag')).toBe('"3"');
  });

  it('replays the first answer to a repeated Idempotency-Key: one todo, one event', async () => {
    const { profile, token } = await newUserSession();
    const headers = { 'idempotency-key': 'create-once-123' };

    const answers = await Promise.all(
      [1, 2, 3].map(() => call(`${api}/todos`, { token, body: { title: 'Only once' }, headers })),
    );
    const reused = await call(`${api}/todos`, { token, body: { title: 'Different' }, headers });
    const list = await call(`${api}/todos`, { token });

    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(reused.status).toBe(422);
    expect(list.body).toHaveLength(1);
    const events = await todoEventsOf(profile.id, token);
    expect(events).toHaveLength(1);
  });

  it('applies 20 parallel PATCHes of one todo: 20 todo_updated events with contiguous sequences', async () => {
    const { profile, token } = await newUserSession();
    const created = await call(`${api}/todos`, { token, body: { title: 'Busy', order: 0 } });

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(`${api}/todos/${created.body.id}`, { method: 'PATCH', token, body: { order: i + 1 } }),
      ),
    );
    const final = await call(`${api}/todos/${created.body.id}`, { token });

    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(final.body.version).toBe(21);
    const messages = await todoEventsOf(profile.id, token);
    const updates = messages
      .map((m) => TodoEvent.parse(withoutNulls(m.value.data)))
      .filter((e) => e.event === 'todo_updated');
    expect(updates).toHaveLength(20);
    expect(updates.map((e) => e.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });

  it('lists in a stable order with a completed filter and cursor pages linked by rel="next"', async () => {
    const { token } = await newUserSession();
    for (const [title, order, completed] of [
      ['c', 2, true],
      ['a', 0, false],
      ['b', 1, true],
      ['d', 3, false],
    ] as const) {
      await call(`${api}/todos`, { token, body: { title, order, completed } });
    }

    const first = await call(`${api}/todos?limit=3`, { token });
    const nextUrl = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1] ?? '';
    // The link names the one origin; its path and query work on todo-api itself too.
    const next = new URL(nextUrl || 'http://invalid/');
    const second = await call(`${api}${next.pathname}${next.search}`, { token });
    const done = await call(`${api}/todos?completed=true`, { token });

    expect(first.body.map((t: Todo) => t.title)).toEqual(['a', 'b', 'c']);
    expect(nextUrl.startsWith(`${system.origin}/todos?`)).toBe(true);
    expect(second.body.map((t: Todo) => t.title)).toEqual(['d']);
    expect(second.headers.get('link')).toBeNull();
    expect(done.body.map((t: Todo) => t.title)).toEqual(['b', 'c']);
  });

  it('DELETE /todos?completed=true clears the completed ones, one todo_deleted each', async () => {
    const { profile, token } = await newUserSession();
    for (const completed of [true, false, true])
      await call(`${api}/todos`, { token, body: { title: 'x', completed } });

    const cleared = await call(`${api}/todos?completed=true`, { method: 'DELETE', token });
    const left = await call(`${api}/todos`, { token });

    expect(cleared.status).toBe(204);
    expect(left.body.map((t: Todo) => t.completed)).toEqual([false]);
    const messages = await todoEventsOf(profile.id, token);
    expect(
      messages.map((m) => m.value.type).filter((type) => type === 'todo_deleted'),
    ).toHaveLength(2);
  });

  it('answers bad input with problem+json and changes nothing', async () => {
    const { token } = await newUserSession();
    const post = (body: string, type = 'application/json') =>
      call(`${api}/todos`, { token, body, headers: { 'content-type': type } });

    const malformed = await post('{"title": ');
    const unknown = await post(JSON.stringify({ title: 'x', colour: 'red' }));
    const wrongType = await post(JSON.stringify({ title: 7, completed: 'yes' }));
    const empty = await post(JSON.stringify({ title: '   ' }));
    const huge = await post(JSON.stringify({ title: 'x', description: 'y'.repeat(70_000) }));
    const notJson = await post('title=x', 'text/plain');
    const unknownId = await call(`${api}/todos/00000000-0000-0000-0000-000000000000`, { token });
    const list = await call(`${api}/todos`, {
      token,
      headers: { 'content-type': 'application/json' },
    });

    expect([malformed.status, unknown.status, wrongType.status, empty.status]).toEqual([
      400, 400, 400, 400,
    ]);
    expect(unknown.body.errors).toEqual([{ path: 'colour', message: 'Unknown field' }]);
    expect(wrongType.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'completed',
      'title',
    ]);
    expect(empty.body.errors.map((e: { path: string }) => e.path)).toEqual(['title']);
    expect([huge.status, notJson.status, unknownId.status]).toEqual([413, 415, 404]);
    for (const answer of [malformed, huge, notJson, unknownId]) {
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
  });
});
