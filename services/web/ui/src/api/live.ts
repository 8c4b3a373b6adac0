import type { TodoEvent } from '@todo-dapr/contracts';
import { createParser } from 'eventsource-parser';
import { ProblemError } from './problem';

export interface LiveOptions {
  onEvent: (event: TodoEvent, id: string | undefined) => void;
  onResync?: () => void;
  onOpen?: () => void;
  onDisconnect?: (error: unknown) => boolean | undefined;
  lastEventId?: string;
  signal?: AbortSignal;
}

type Send = (
  path: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
) => Promise<Response>;

/** GET /live read with fetch (EventSource cannot send Authorization), reopened with Last-Event-ID. */
export async function live(send: Send, options: LiveOptions): Promise<void> {
  const { signal } = options;
  let lastEventId = options.lastEventId;
  let retryMs = 1000;
  while (!signal?.aborted) {
    let failure: unknown = new Error('The live stream ended.');
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const response = await send('/live', { headers, ...(signal && { signal }) });
      options.onOpen?.();
      const parser = createParser({
        onEvent: (message) => {
          if (message.id !== undefined) lastEventId = message.id;
          if (message.event === 'resync') options.onResync?.();
          else if (message.event?.startsWith('todo_')) {
            options.onEvent(JSON.parse(message.data) as TodoEvent, message.id);
          }
        },
        onRetry: (ms) => (retryMs = ms),
      });
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        parser.feed(decoder.decode(chunk.value, { stream: true }));
      }
    } catch (error) {
      failure = error;
    }
    if (signal?.aborted) return;
    const fatal = failure instanceof ProblemError && failure.status < 500 && failure.status !== 429;
    if (fatal || options.onDisconnect?.(failure) === false) throw failure;
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
