import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', 'services', 'auth', 'dist', 'operator-cli.js');

/** Just enough of a sidecar's state API: auth-store in a map, ETags, and the token it saw. */
function fakeSidecar() {
  const rows = new Map<string, { value: unknown; etag: number }>();
  const tokens = new Set<string | undefined>();
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => resolve(text));
    });
  const server = createServer((req, res) => {
    tokens.add(req.headers['dapr-api-token'] as string | undefined);
    const key = decodeURIComponent(
      /^\/v1\.0\/state\/auth-store\/?([^?]*)/.exec(req.url ?? '')?.[1] ?? '',
    );
    if (req.method === 'GET') {
      const row = rows.get(key);
      if (!row) return res.writeHead(204).end();
      return res.writeHead(200, { etag: String(row.etag) }).end(JSON.stringify(row.value));
    }
    void body(req).then((text) => {
      for (const item of JSON.parse(text) as { key: string; value: unknown; etag?: string }[]) {
        if (item.etag && item.etag !== String(rows.get(item.key)?.etag)) {
          return res.writeHead(409).end('{"errorCode":"ERR_STATE_SAVE"}');
        }
        rows.set(item.key, { value: item.value, etag: (rows.get(item.key)?.etag ?? 0) + 1 });
      }
      res.writeHead(204).end();
    });
  });
  return { server, rows, tokens };
}

function run(args: string[], port: number) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      {
        env: {
          PATH: process.env.PATH,
          DAPR_HTTP_PORT: String(port),
          DAPR_API_TOKEN: 'a-sidecar-token-of-the-test',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('npm run operator (the built command)', () => {
  const sidecar = fakeSidecar();
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => sidecar.server.listen(0, '127.0.0.1', resolve));
    port = (sidecar.server.address() as AddressInfo).port;
    sidecar.rows.set('username:alice', { value: { userId: 'u1' }, etag: 1 });
    sidecar.rows.set('user:u1', {
      value: { id: 'u1', username: 'alice', roles: ['user'], sessionEpoch: 0 },
      etag: 1,
    });
  });
  afterAll(
    () => new Promise<Server>((resolve) => sidecar.server.close(() => resolve(sidecar.server))),
  );

  it('stores the operator role with an existing user, through auth’s sidecar and its token', async () => {
    const result = await run(['alice'], port);

    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/^alice is an operator now/);
    expect(sidecar.rows.get('user:u1')?.value).toMatchObject({ roles: ['user', 'admin'] });
    expect([...sidecar.tokens]).toEqual(['a-sidecar-token-of-the-test']);
  });

  it('--revoke takes the role away again', async () => {
    const result = await run(['--revoke', 'alice'], port);

    expect(result.code).toBe(0);
    expect(sidecar.rows.get('user:u1')?.value).toMatchObject({ roles: ['user'] });
  });

  it('for a user who does not exist, exits 1 with one line on stderr', async () => {
    const result = await run(['bob'], port);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('operator: No user is called bob: they register first.\n');
  });

  it('without a user, exits 2 and points at --help', async () => {
    const result = await run([], port);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--help/);
  });
});
