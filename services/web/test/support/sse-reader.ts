/** One Server-Sent Events message as a test reads it. */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/**
 * Opens `url` with fetch, as the browser app and the CLI do, and collects its messages;
 * `next(predicate)` waits for the first not yet taken that matches.
 */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const messages: SseMessage[] = [];
  let taken = 0;
  let wake: (() => void) | undefined;
  const read = async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        let end;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const message: SseMessage = {};
          for (const line of buffered.slice(0, end).split('\n')) {
            const at = line.indexOf(':');
            const field = line.slice(0, at);
            const value = line.slice(at + 1).replace(/^ /, '');
            if (field === '') message.comment = value;
            else (message as Record<string, string>)[field] = value;
          }
          messages.push(message);
          buffered = buffered.slice(end + 2);
          wake?.();
        }
      }
    } catch {
      // Aborted by close().
    }
  };
  void read();
  return {
    response,
    messages,
    async next(predicate: (m: SseMessage) => boolean = () => true, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = messages.findIndex((m, i) => i >= taken && predicate(m));
        if (index >= 0) {
          taken = index + 1;
          const message = messages[index];
          if (message) return message;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, 50));
        });
      }
    },
    close: () => controller.abort(),
  };
}
