import { createStateApi, type SdkClient, type SidecarHttp } from '../src';

const asked: { path: string; body?: unknown }[] = [];
const http: SidecarHttp = (path, request) => {
  asked.push({ path, body: request?.body });
  return Promise.resolve({
    status: 200,
    header: () => '"1"',
    json: () => [{ key: 'todo:a', data: { id: 'a' }, etag: '"1"' }],
    text: '',
  });
};
const sdk = {
  call: (_what: string, run: (client: unknown) => Promise<unknown>) =>
    run({
      state: {
        getBulk: (store: string, keys: string[], options: object) => {
          asked.push({ path: `/v1.0/state/${store}/bulk`, body: { keys, ...options } });
          return Promise.resolve([{ key: 'todo:a', data: { id: 'a' }, etag: '"1"' }]);
        },
      },
    }),
} as unknown as SdkClient;
const state = createStateApi(http, sdk);

describe('the state API', () => {
  beforeEach(() => (asked.length = 0));

  it('finds nothing under a key with ||, which Dapr refuses, without asking the sidecar', async () => {
    const value = await state.get('todo-store', 'todo:u:a||b');

    expect(value).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('asks a bulk read only for the keys that can exist', async () => {
    const found = await state.getBulk('todo-store', ['todo:a', 'todo:x||y']);

    expect(asked).toEqual([
      { path: '/v1.0/state/todo-store/bulk', body: { keys: ['todo:a'], parallelism: 16 } },
    ]);
    expect([...found.keys()]).toEqual(['todo:a']);
  });
});
