import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommunicationProtocolEnum, DaprClient, LogLevel } from '@dapr/dapr';
import { createSidecar, SidecarError } from '@todo-dapr/platform';
import { runningSystem, sidecarOf } from './support/system';

// Each test shows a defect of @dapr/dapr against a real sidecar, and that packages/platform
// works around it. A test that fails here means an SDK upgrade fixed the defect: drop the
// workaround it names (docs/decisions.md), then the test.

const STORE = 'todo-store';
const ignore = () => undefined;
const silent = { error: ignore, warn: ignore, info: ignore, verbose: ignore, debug: ignore };

function sdkClient(port: string) {
  return new DaprClient({
    daprHost: '127.0.0.1',
    daprPort: port,
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    daprApiToken: runningSystem().daprApiToken,
    logger: { level: LogLevel.Error, service: silent },
  });
}
const todoApiSdk = () => sdkClient(new URL(runningSystem().apps['todo-api'].sidecarUrl).port);
const testKey = (name: string) => `sdk-defects:${name}:${Date.now()}`;

describe('@dapr/dapr defects that packages/platform works around', () => {
  const ours = sidecarOf('todo-api');

  it('pubsub.publish resolves to { error } when the sidecar refuses; ours rejects', async () => {
    const sdk = todoApiSdk();

    const result = await sdk.pubsub.publish('no-such-pubsub', 'todos', { n: 1 });

    expect(result.error).toBeDefined();
    await expect(ours.pubsub.publish('no-such-pubsub', 'todos', { n: 1 })).rejects.toThrow(
      SidecarError,
    );
  });

  it('state.get answers the value without its ETag; ours keeps it', async () => {
    const sdk = todoApiSdk();
    const key = testKey('etag');
    await ours.state.save(STORE, [{ key, value: { n: 1 } }]);

    const fromSdk: unknown = await sdk.state.get(STORE, key);
    const fromOurs = await ours.state.get<{ n: number }>(STORE, key);
    await ours.state.delete(STORE, key);

    expect(fromSdk).toEqual({ n: 1 });
    expect(fromOurs).toEqual({ value: { n: 1 }, etag: expect.stringMatching(/.+/) as string });
  });

  it('a transaction with an ETag in the SDK’s own type ({ value }) is refused', async () => {
    const sdk = todoApiSdk();
    const key = testKey('transaction');
    await ours.state.save(STORE, [{ key, value: { n: 1 } }]);
    const etag = (await ours.state.get(STORE, key))?.etag ?? '';

    const asTyped = sdk.state.transaction(STORE, [
      { operation: 'upsert', request: { key, value: { n: 2 }, etag: { value: etag } } },
    ]);
    await expect(asTyped).rejects.toThrow(/"status":400/);
    await ours.state.transact(STORE, [
      { operation: 'upsert', request: { key, value: { n: 3 }, etag } },
    ]);
    const after = await ours.state.get(STORE, key);
    await ours.state.delete(STORE, key);

    expect(after?.value).toEqual({ n: 3 });
  });

  it('state.delete puts the key into the URL as it is, so `?` cuts it short; ours encodes it', async () => {
    const sdk = todoApiSdk();
    const key = `${testKey('delete')}?part`;
    await ours.state.save(STORE, [{ key, value: { n: 1 } }]);

    const result = await sdk.state.delete(STORE, key);
    const afterSdk = await ours.state.get(STORE, key);
    await ours.state.delete(STORE, key);
    const afterOurs = await ours.state.get(STORE, key);

    expect(result).toEqual({});
    expect(afterSdk?.value).toEqual({ n: 1 });
    expect(afterOurs).toBeUndefined();
  });

  describe('with no sidecar on the port', () => {
    let server: Server | undefined;
    afterEach(
      () => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))),
    );

    it('the first call waits for the sidecar instead of failing; ours fails at once', async () => {
      // A port that nothing listens on, until the test starts a stand-in there.
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const port = (probe.address() as AddressInfo).port;
      await new Promise((resolve) => probe.close(resolve));
      const sdk = sdkClient(String(port));
      let settled = false;

      const first = sdk.metadata.get().finally(() => (settled = true));
      const started = Date.now();
      const fromOurs = await createOurs(port)
        .pubsub.publish('pubsub', 'todos', {})
        .catch((error: unknown) => error);
      const oursTookMs = Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const settledWithin2s = settled;
      // Let the SDK's wait end: a stand-in answers its /v1.0/metadata.
      const standIn = createServer((_, res) => res.end('{}'));
      server = standIn;
      await new Promise<void>((resolve) => standIn.listen(port, '127.0.0.1', resolve));
      await first;

      expect(settledWithin2s).toBe(false);
      expect(fromOurs).toBeInstanceOf(SidecarError);
      expect(oursTookMs).toBeLessThan(1000);
    });
  });
});

const createOurs = (port: number) =>
  createSidecar({ host: '127.0.0.1', httpPort: port, timeoutMs: 5000 });
