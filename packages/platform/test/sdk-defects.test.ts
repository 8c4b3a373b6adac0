import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommunicationProtocolEnum, DaprClient, LogLevel } from '@dapr/dapr';
import { createSidecar, SidecarError } from '../src';

// Defects of @dapr/dapr that a real sidecar shows only under faults (a broker refusing some
// entries, a sidecar that stops answering), shown against a server that answers as daprd
// does. A test that fails here means an SDK upgrade fixed the defect: see docs/decisions.md.

const ignore = () => undefined;
const silent = { error: ignore, warn: ignore, info: ignore, verbose: ignore, debug: ignore };

let server: Server;
let port: number;
let answer: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const sdkClient = () => {
  const client = new DaprClient({
    daprHost: '127.0.0.1',
    daprPort: String(port),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    logger: { level: LogLevel.Error, service: silent },
  });
  client.daprClient.setIsInitialized(true);
  return client;
};

describe('@dapr/dapr against a server that answers as daprd', () => {
  it('bulk publish: a partly failed call is reported as a success; ours names the failed entry', async () => {
    // daprd pkg/api/http/responses.go: BulkPublishResponseFailedEntry is {"entryId", "error"}.
    answer = (_, res) => {
      res.statusCode = 500;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          failedEntries: [{ entryId: '2', error: 'message too large' }],
          errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE',
        }),
      );
    };
    const entries = [
      { entryID: '1', event: { n: 1 } },
      { entryID: '2', event: { n: 2 } },
    ];

    const fromSdk = await sdkClient().pubsub.publishBulk('pubsub', 'todos', entries);
    const fromOurs = await createSidecar({
      host: '127.0.0.1',
      httpPort: port,
      timeoutMs: 1000,
    }).pubsub.publishBulk('pubsub', 'todos', [
      { entryId: '1', data: { n: 1 }, options: {} },
      { entryId: '2', data: { n: 2 }, options: {} },
    ]);

    expect(fromSdk.failedMessages).toEqual([]);
    expect([...fromOurs]).toEqual(['2']);
  });

  it('a call to a sidecar that does not answer has no timeout; ours rejects after DAPR_TIMEOUT_MS', async () => {
    answer = () => undefined; // never answers
    let settled = false;

    const fromSdk = sdkClient()
      .state.getBulk('todo-store', ['a'])
      .then(
        () => (settled = true),
        () => (settled = true),
      );
    const fromOurs = await createSidecar({ host: '127.0.0.1', httpPort: port, timeoutMs: 300 })
      .state.getBulk('todo-store', ['a'])
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 700));

    expect(settled).toBe(false);
    expect(fromOurs).toBeInstanceOf(SidecarError);
    server.closeAllConnections();
    await fromSdk;
  });
});
