import type { Response } from 'express';
import type { LiveStream } from '../domain/live-hub';

/** Ids and names come from our own events; a newline in one would forge a field. */
const oneLine = (value: string) => value.replace(/[\r\n]/g, '');

/**
 * A Server-Sent Events response (text/event-stream): `retry: 1000` first, then each event
 * as `id`, `event` and `data` (the TodoEvent JSON), and a comment every `keepAliveMs` so
 * proxies and clients do not take a quiet stream for a dead one.
 */
export function openSseStream(res: Response, keepAliveMs: number): LiveStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    // nginx and the like would otherwise hold events back to fill a buffer.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 1000\n\n');
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  keepAlive.unref();
  res.once('close', () => clearInterval(keepAlive));
  return {
    send({ id, event }) {
      res.write(
        `id: ${oneLine(id)}\nevent: ${oneLine(event.event)}\ndata: ${JSON.stringify(event)}\n\n`,
      );
    },
    resync() {
      res.write('event: resync\ndata: {}\n\n');
    },
    close() {
      clearInterval(keepAlive);
      res.end();
    },
  };
}
