import { TodoEvent, withoutNulls } from '@todo-dapr/contracts';
import { call } from './support/http';
import { stopStoreVariants } from './support/store-variants';
import { runningSystem, sidecarFetch } from './support/system';
import { todoEventsOf } from './support/todo-topic';
import { newUserSession } from './support/users';

const { storeVariants } = runningSystem();

// Their sidecars answer as todo-api too: once this file is done, web must reach only one.
afterAll(() => stopStoreVariants());

// The same todo-api code, with components/alternatives/todo-store.<store>.yaml in place of
// the SQLite file: no code knows which store it writes to.
describe.each(Object.entries(storeVariants))(
  'todo-api on %s',
  (store, { url: api, sidecarUrl }) => {
    it('runs with the alternative todo-store component loaded in its sidecar', async () => {
      const metadata = (await (await sidecarFetch(`${sidecarUrl}/v1.0/metadata`)).json()) as {
        components: { name: string; type: string }[];
      };

      expect(metadata.components.find((c) => c.name === 'todo-store')?.type).toBe(`state.${store}`);
    });

    it('creates, lists, updates, guards with ETags, replays idempotent POSTs and clears', async () => {
      const { profile, token } = await newUserSession();
      const headers = { 'idempotency-key': 'store-test-1' };

      const first = await call(`${api}/todos`, { token, body: { title: 'one' }, headers });
      const replay = await call(`${api}/todos`, { token, body: { title: 'one' }, headers });
      const second = await call(`${api}/todos`, { token, body: { title: 'two', order: 2 } });
      const stale = await call(`${api}/todos/${first.body.id}`, {
        method: 'PATCH',
        token,
        body: { completed: true },
        headers: { 'if-match': '"not-the-etag"' },
      });
      const patched = await call(`${api}/todos/${first.body.id}`, {
        method: 'PATCH',
        token,
        body: { completed: true },
        headers: { 'if-match': first.headers.get('etag') ?? '' },
      });
      const list = await call(`${api}/todos?completed=true`, { token });
      const cleared = await call(`${api}/todos`, { method: 'DELETE', token });
      const after = await call(`${api}/todos`, { token });

      expect([first.status, replay.status, second.status]).toEqual([201, 201, 201]);
      expect(replay.body.id).toBe(first.body.id);
      expect(stale.status).toBe(412);
      expect(patched.status).toBe(200);
      expect(list.body.map((t: { title: string }) => t.title)).toEqual(['one']);
      expect(cleared.status).toBe(204);
      expect(after.body).toEqual([]);

      const events = (await todoEventsOf(profile.id, token, api)).map((m) =>
        TodoEvent.parse(withoutNulls(m.value.data)),
      );
      expect(events.map((e) => [e.event, e.sequence])).toEqual([
        ['todo_created', 1],
        ['todo_created', 2],
        ['todo_updated', 3],
        ['todo_deleted', 4],
        ['todo_deleted', 5],
      ]);
    });

    it('applies 10 parallel PATCHes of one todo, none lost', async () => {
      const { token } = await newUserSession();
      const created = await call(`${api}/todos`, { token, body: { title: 'counter' } });

      const patches = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call(`${api}/todos/${created.body.id}`, {
            method: 'PATCH',
            token,
            body: { order: i + 10 },
          }),
        ),
      );
      const now = await call(`${api}/todos/${created.body.id}`, { token });

      expect(patches.map((p) => p.status)).toEqual(Array.from({ length: 10 }, () => 200));
      expect(now.body.version).toBe(11);
    });
  },
);
