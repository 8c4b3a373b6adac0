import { createConnection, createServer } from 'node:net';
import { SetupError } from './console.mjs';

/** True when nothing listens on host:port and we may bind it. */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function assertPortsFree(ports, hint) {
  for (const { port, what } of ports) {
    if (!(await isPortFree(port))) {
      throw new SetupError(
        `Port ${port} (${what}) is already in use: stop whatever listens there (\`ss -ltnp 'sport = :${port}'\` shows it)${hint ? `, ${hint}` : ''}.`,
      );
    }
  }
}

/** Resolves when a TCP connection to host:port succeeds within timeoutMs. */
export function canConnect(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
