import { startFakeSidecar, serviceDepsOn } from '@todo-dapr/platform/testing';
import request from 'supertest';
import { createApp } from '../../src/app';
import { TodoApiConfig } from '../../src/config';
import { fromStored, type StoredUserTodos } from '../../src/dapr/stored-user-todos';
import { testJwks, tokenFor } from './signed-in';

/** todo-api as `main` builds it, on a fake sidecar that also serves auth's JWKS. */
export async function todoApiOnFakeSidecar() {
  const sidecar = await startFakeSidecar({
    apps: {
      auth: (_req, res) =>
        res.setHeader('content-type', 'application/json').end(JSON.stringify(testJwks)),
    },
  });
  /** One more todo-api process on the same sidecar: requests of `userId`, signed in. */
  const instance = () => {
    const env = { APP_ID: 'todo-api', PUBLIC_URL: 'http://todo.example' };
    const app = createApp(serviceDepsOn(sidecar, TodoApiConfig, env));
    return (userId: string) =>
      request.agent(app).set('authorization', `Bearer ${tokenFor(userId)}`);
  };
  return {
    sidecar,
    /** Requests of `userId`, signed in. */
    as: instance(),
    instance,
    /** The events the broker took, as their data. */
    events: () => sidecar.published.map(({ data }) => data as { event: string; sequence: number }),
    /** The user's index as stored, decoded. */
    storedIndex: (userId: string) => {
      const row = sidecar.rows('todo-store').get(`todos-of:${userId}`);
      return row && fromStored(row.value as StoredUserTodos);
    },
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
