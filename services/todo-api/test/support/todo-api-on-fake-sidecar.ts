import { serviceDepsOn, startFakeSidecar, testJwks, tokenFor } from '@todo-dapr/platform/testing';
import request from 'supertest';
import { createTodoApi } from '../../src/app';
import { TodoApiConfig } from '../../src/config';
import { fromStored, type StoredUserTodos } from '../../src/dapr/stored-user-todos';
import type { WriterJournal } from '../../src/domain/own-journal';

/** todo-api as `main` builds it, on a fake sidecar that also serves auth's JWKS. */
export async function todoApiOnFakeSidecar() {
  const sidecar = await startFakeSidecar({
    apps: {
      auth: (_req, res) =>
        res.setHeader('content-type', 'application/json').end(JSON.stringify(testJwks)),
    },
  });
  let writers = 0;
  /**
   * One more todo-api process on the same sidecar: requests of `userId`, signed in, and its
   * journal heartbeat and dead-writer sweep, which run only when the test calls them.
   */
  const instance = () => {
    const env = { APP_ID: 'todo-api', PUBLIC_URL: 'http://todo.example' };
    const writerId = `writer-${String((writers += 1))}`;
    const { app, heartbeat, sweep } = createTodoApi(
      serviceDepsOn(sidecar, TodoApiConfig, env),
      writerId,
    );
    const as = (userId: string) =>
      request.agent(app).set('authorization', `Bearer ${tokenFor(userId)}`);
    return Object.assign(as, { writerId, heartbeat, sweep });
  };
  const first = instance();
  return {
    sidecar,
    /** Requests of `userId`, signed in, to the first instance. */
    as: first,
    /** The first instance's heartbeat and sweep. */
    heartbeat: first.heartbeat,
    sweep: first.sweep,
    instance,
    /** The events the broker took, as their data. */
    events: () => sidecar.published.map(({ data }) => data as { event: string; sequence: number }),
    /** The user's index as stored, decoded. */
    storedIndex: (userId: string) => {
      const row = sidecar.rows('todo-store').get(`todos-of:${userId}`);
      return row && fromStored(row.value as StoredUserTodos);
    },
    /** A writer's journal as stored. */
    journalOf: (writerId: string) =>
      sidecar.rows('todo-store').get(`todo-api-writer:${writerId}`)?.value as
        WriterJournal | undefined,
    /** The writers listed in the registry. */
    registeredWriters: () =>
      (sidecar.rows('todo-store').get('todo-api-writers')?.value as { ids: string[] } | undefined)
        ?.ids ?? [],
    close: () => sidecar.close(),
  };
}
export type TodoApiOnFakeSidecar = Awaited<ReturnType<typeof todoApiOnFakeSidecar>>;

// Only Date is fake: sockets, and the batches that wait for setImmediate, still run.
const onlyTheClock: Parameters<typeof jest.useFakeTimers>[0] = {
  doNotFake: [
    'nextTick',
    'queueMicrotask',
    'setImmediate',
    'clearImmediate',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'hrtime',
    'performance',
  ],
};

/**
 * A fresh todo-api on a fake sidecar for each test of the file, with only `Date` faked (move it
 * with `jest.setSystemTime`); returns the current one.
 */
export function todoApiOnFakeClock(): () => TodoApiOnFakeSidecar {
  let api: TodoApiOnFakeSidecar | undefined;
  beforeEach(async () => {
    jest.useFakeTimers(onlyTheClock);
    api = await todoApiOnFakeSidecar();
  });
  afterEach(async () => {
    await api?.close();
    jest.useRealTimers();
  });
  return () => {
    if (!api) throw new Error('todo-api is started in beforeEach');
    return api;
  };
}
