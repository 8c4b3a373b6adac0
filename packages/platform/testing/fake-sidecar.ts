import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSidecar } from '../src/dapr/sidecar';
import {
  Answer,
  bodyOf,
  daprError,
  failureCodes,
  failureOf,
  Refused,
  type SidecarCall,
} from './daprd-answers';
import { createFakePubSubApi } from './fake-pubsub-api';
import { createFakeStateApi } from './fake-state-api';

export interface FakeSidecarOptions {
  /** The clock of `ttlInSeconds`; Date.now by default, so jest's fake timers move it. */
  now?: () => number;
  /** Secret values by name, in whichever secret store is asked. */
  secrets?: Record<string, string>;
  /** Apps reachable by service invocation: the path after `/method` goes to the listener. */
  apps?: Record<string, RequestListener>;
}

/**
 * daprd's HTTP API in memory, on an ephemeral port of 127.0.0.1, so a service's own sidecar
 * client talks to it as to daprd: state (ETags, first-write, TTL, transactions), publish and
 * bulk publish, bindings, secrets, service invocation and health. Calls can be made to fail.
 */
export async function startFakeSidecar(options: FakeSidecarOptions = {}) {
  let fails: ((call: SidecarCall) => boolean) | undefined;
  let before: ((call: SidecarCall) => Promise<void> | void) | undefined;
  const admit = async (call: SidecarCall) => {
    await before?.(call);
    if (fails?.(call)) throw new Refused(failureOf(call));
  };
  const state = createFakeStateApi(options.now ?? Date.now, admit);
  const pubsub = createFakePubSubApi(admit);
  const sentToBindings: { binding: string; operation: string; data: unknown }[] = [];

  async function route(req: IncomingMessage, res: ServerResponse): Promise<Answer | undefined> {
    const url = new URL(req.url ?? '/', 'http://fake-sidecar');
    const [, version, api, first = '', second, third = ''] = url.pathname
      .split('/')
      .map(decodeURIComponent);
    const v1 = version === 'v1.0';
    if (v1 && api === 'healthz') return new Answer(204);
    if (v1 && api === 'state') return state.handle(req, first, second);
    if (v1 && api === 'publish') return pubsub.publish(req, url, first, second ?? '');
    if (version === 'v1.0-alpha1' && api === 'publish' && first === 'bulk')
      return pubsub.publishBulk(req, second ?? '', third);
    if (v1 && api === 'bindings') {
      const { operation, data } = (await bodyOf(req)) as { operation: string; data: unknown };
      await admit({ api: 'bindings', binding: first, operation });
      sentToBindings.push({ binding: first, operation, data });
      return new Answer(204);
    }
    if (v1 && api === 'secrets' && second !== undefined) {
      await admit({ api: 'secrets', store: first, name: second });
      const value = options.secrets?.[second];
      if (value === undefined) return daprError(500, failureCodes.secrets, `no secret ${second}`);
      return new Answer(200, { [second]: value });
    }
    const app = options.apps?.[first];
    if (v1 && api === 'invoke' && second === 'method' && app) {
      await admit({ api: 'invoke', appId: first });
      // The app sees the path after `/method`, still encoded, as behind its own sidecar.
      req.url = `/${req.url?.split('/').slice(5).join('/') ?? ''}`;
      app(req, res);
      return undefined;
    }
    return daprError(404, 'ERR_NOT_FOUND', `the fake sidecar has no ${url.pathname}`);
  }

  const server = http.createServer((req, res) => {
    const send = ({ status, body, headers }: Answer) => {
      if (body !== undefined) headers['content-type'] = 'application/json';
      res.writeHead(status, headers).end(body === undefined ? undefined : JSON.stringify(body));
    };
    route(req, res).then(
      (answer) => answer && send(answer),
      (error: unknown) =>
        send(error instanceof Refused ? error.answer : daprError(500, 'ERR_FAKE', String(error))),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    /** The platform's own sidecar client, pointed here. */
    client: (timeoutMs = 5000) => createSidecar({ host: '127.0.0.1', httpPort: port, timeoutMs }),
    rows: state.rows,
    transactions: state.transactions,
    conflicts: state.conflicts,
    /** What the broker took, in order. */
    published: pubsub.published,
    sentToBindings,
    /** Calls for which `predicate` holds answer as daprd does when the component fails. */
    failWhen(predicate: ((call: SidecarCall) => boolean) | undefined) {
      fails = predicate;
    },
    /** Runs `hook` before each call is carried out, which waits for it: to stage a race. */
    beforeEachCall(hook: ((call: SidecarCall) => Promise<void> | void) | undefined) {
      before = hook;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
export type FakeSidecar = Awaited<ReturnType<typeof startFakeSidecar>>;
