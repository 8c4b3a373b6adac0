import http from 'node:http';
import { startFakeSidecar, type FakeSidecar } from '../testing';
import { unlessConflict } from '../src';

let sidecar: FakeSidecar;
let client: ReturnType<FakeSidecar['client']>;
beforeEach(async () => {
  sidecar = await startFakeSidecar({
    secrets: { 'jwt-current-key': 'pem' },
    apps: {
      auth: (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ path: req.url }));
      },
    },
  });
  client = sidecar.client();
});
afterEach(() => sidecar.close());

describe('the fake sidecar’s state API, through the platform’s client', () => {
  it('gives back what was saved, with an ETag that the next save must name', async () => {
    await client.state.save('s', [{ key: 'a', value: { n: 1 } }]);
    const first = await client.state.get<{ n: number }>('s', 'a');

    const stale = unlessConflict(client.state.save('s', [{ key: 'a', value: 2, etag: 'old' }]));
    const current = unlessConflict(
      client.state.save('s', [{ key: 'a', value: 3, etag: first?.etag ?? '' }]),
    );

    expect(first?.value).toEqual({ n: 1 });
    expect([await stale, await current]).toEqual([false, true]);
    expect((await client.state.get('s', 'a'))?.value).toBe(3);
  });

  it('refuses a first-write save of a key that exists', async () => {
    const firstWrite = { key: 'a', value: 1, options: { concurrency: 'first-write' as const } };

    const answers = [
      await unlessConflict(client.state.save('s', [firstWrite])),
      await unlessConflict(client.state.save('s', [firstWrite])),
    ];

    expect(answers).toEqual([true, false]);
    expect(sidecar.conflicts()).toBe(1);
  });

  it('applies a transaction whole, or nothing of it when one guard fails', async () => {
    await client.state.save('s', [{ key: 'a', value: 1 }]);

    const refused = unlessConflict(
      client.state.transact('s', [
        { operation: 'upsert', request: { key: 'b', value: 2 } },
        { operation: 'delete', request: { key: 'a', etag: 'old' } },
      ]),
    );

    expect(await refused).toBe(false);
    expect([...(await client.state.getBulk('s', ['a', 'b'])).keys()]).toEqual(['a']);
    expect(sidecar.transactions).toEqual([]);
  });

  it('forgets a row once its ttlInSeconds has passed on its clock', async () => {
    let now = 1_000;
    const timed = await startFakeSidecar({ now: () => now });
    const state = timed.client().state;
    await state.save('s', [{ key: 'a', value: 1, metadata: { ttlInSeconds: '2' } }]);

    const before = await state.get('s', 'a');
    now += 2_000;
    const after = await state.get('s', 'a');
    await timed.close();

    expect(before?.value).toBe(1);
    expect(after).toBeUndefined();
  });

  it('keeps stores apart', async () => {
    await client.state.save('one', [{ key: 'a', value: 1 }]);

    expect(await client.state.get('two', 'a')).toBeUndefined();
  });
});

describe('the fake sidecar’s pub/sub API', () => {
  it('records a publish with its metadata and content type', async () => {
    await client.pubsub.publish('pubsub', 'todos', { n: 1 }, { id: 'e1', partitionKey: 'u1' });

    expect(sidecar.published).toEqual([
      {
        pubsub: 'pubsub',
        topic: 'todos',
        data: { n: 1 },
        metadata: { 'cloudevent.id': 'e1', partitionKey: 'u1' },
        contentType: 'application/json',
      },
    ]);
  });

  it('when told to fail, refuses a publish as daprd does, and a bulk publish per entry', async () => {
    sidecar.failWhen((call) => call.api === 'pubsub' && call.data === 'bad');
    const entry = (entryId: string, data: string) => ({ entryId, data, options: {} });

    const single = await client.pubsub.publish('pubsub', 'todos', 'bad').catch((e: unknown) => e);
    const failed = await client.pubsub.publishBulk('pubsub', 'todos', [
      entry('0', 'good'),
      entry('1', 'bad'),
    ]);

    expect(single).toMatchObject({ status: 500, daprErrorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE' });
    expect([...failed]).toEqual(['1']);
    expect(sidecar.published.map((message) => message.data)).toEqual(['good']);
  });
});

describe('the fake sidecar’s hooks', () => {
  it('runs a hook before each call and waits for it, to stage a race', async () => {
    const seen: string[] = [];
    sidecar.beforeEachCall(async (call) => {
      if (call.api === 'state' && call.operation === 'save' && seen.length === 0) {
        seen.push('hook');
        await client.state.save('s', [{ key: 'a', value: 'first' }]);
      }
    });

    await client.state.save('s', [{ key: 'a', value: 'second' }]);

    expect(seen).toEqual(['hook']);
    expect((await client.state.get('s', 'a'))?.value).toBe('second');
  });

  it('fails the calls it is told to, with the code daprd gives', async () => {
    sidecar.failWhen((call) => call.api === 'state' && call.operation === 'transaction');

    const failure = await client.state.transact('s', []).catch((error: unknown) => error);

    expect(failure).toMatchObject({ status: 500, daprErrorCode: 'ERR_STATE_TRANSACTION' });
  });
});

describe('the fake sidecar’s other APIs', () => {
  it('answers health, secrets, bindings and invocations of the apps it was given', async () => {
    await client.bindings.invoke('email', 'create', { to: 'a@example.com' });

    expect(await client.isReady()).toBe(true);
    expect(await client.secrets.get('secrets', 'jwt-current-key')).toBe('pem');
    expect(await client.invoke.getJson('auth', '/.well-known/jwks.json?x=1')).toEqual({
      path: '/.well-known/jwks.json?x=1',
    });
    expect(sidecar.sentToBindings).toEqual([
      { binding: 'email', operation: 'create', data: { to: 'a@example.com' } },
    ]);
  });

  it('listens on an ephemeral port of 127.0.0.1 only', async () => {
    const answer = await new Promise<number | undefined>((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port: sidecar.port, path: '/v1.0/healthz' }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject),
    );

    expect(sidecar.port).toBeGreaterThan(0);
    expect(answer).toBe(204);
  });
});
