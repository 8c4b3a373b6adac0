import type { TodoEvent } from '@todo-dapr/contracts';
import { createParser } from 'eventsource-parser';
import { NetworkError, ProblemError } from './problem-error.js';
import type { Transport } from './transport.js';

export interface LiveOptions {
  /** One of the user's own events, with its id (the CloudEvent id). */
  onEvent: (event: TodoEvent, id: string | undefined) => void;
  /** Events were missed (too old for the server to replay): re-read GET /todos. */
  onResync?: () => void;
  /** The stream is open: after this, nothing is missed. A good moment for the first GET /todos. */
  onOpen?: () => void;
  /** The stream failed or ended and will be reopened after `retry` ms; `false` stops instead. */
  onDisconnect?: (error: unknown) => boolean | undefined;
  /** Resume after this event id (`Last-Event-ID`). */
  lastEventId?: string;
  /** Stops the stream; live() then resolves. */
  signal?: AbortSignal;
}

const TODO_EVENTS = new Set(['todo_created', 'todo_updated', 'todo_deleted']);

/**
 * Reads GET /live (Server-Sent Events) with fetch, since EventSource cannot send the
 * Authorization header, and reopens it with Last-Event-ID until the signal aborts.
 * Rejects on an answer that no retry can mend: not logged in, a 4xx problem.
 */
export async function live(transport: Transport, options: LiveOptions): Promise<void> {
  const { signal } = options;
  let lastEventId = options.lastEventId;
  let retryMs = 1000;
  while (!signal?.aborted) {
    let failure: unknown = new LiveStreamEnded();
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const response = await transport.send('GET', '/live', { headers, signal });
      options.onOpen?.();
      await readStream(response, `${transport.origin}/live`, {
        onEvent: (message) => {
          if (message.id !== undefined) lastEventId = message.id;
          dispatch(message, options);
        },
        onRetry: (ms) => (retryMs = ms),
      });
    } catch (error) {
      failure = error;
    }
    if (signal?.aborted) return;
    if (!worthRetrying(failure) || options.onDisconnect?.(failure) === false) throw failure;
    await sleep(retryMs, signal);
  }
}

function dispatch(message: { event?: string; id?: string; data: string }, options: LiveOptions) {
  if (message.event === 'resync') {
    options.onResync?.();
    return;
  }
  if (!message.event || !TODO_EVENTS.has(message.event)) return;
  let event: TodoEvent;
  try {
    event = JSON.parse(message.data) as TodoEvent;
  } catch {
    return; // Not JSON: nothing a client can apply.
  }
  options.onEvent(event, message.id);
}

/** The server closed the stream (a restart, a deploy): reopened like a dropped connection. */
export class LiveStreamEnded extends Error {
  constructor() {
    super('The live stream ended.');
    this.name = 'LiveStreamEnded';
  }
}

interface StreamCallbacks {
  onEvent: (message: { event?: string; id?: string; data: string }) => void;
  onRetry: (ms: number) => void;
}

async function readStream(response: Response, url: string, callbacks: StreamCallbacks) {
  if (!response.body) return;
  const parser = createParser(callbacks);
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  for (;;) {
    // Only the read is the network's failure; a callback's error is the caller's, and is thrown.
    // Typed by hand: Node's types leave a response body's chunks `any`.
    let chunk: { done: boolean; value?: Uint8Array };
    try {
      chunk = (await reader.read()) as typeof chunk;
    } catch (error) {
      throw new NetworkError(url, error);
    }
    if (chunk.done) return;
    parser.feed(decoder.decode(chunk.value, { stream: true }));
  }
}

/** A dropped connection or a server error: yes. A refused session or request: no. */
function worthRetrying(error: unknown): boolean {
  if (error instanceof ProblemError) return error.status >= 500 || error.status === 429;
  return error instanceof NetworkError || error instanceof LiveStreamEnded;
}

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
