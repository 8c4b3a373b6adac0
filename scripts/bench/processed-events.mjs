import { request } from './http.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const PREFIX = 'processed:analytics:';

/**
 * When the subscriber processed each of `eventIds`, read from its own store (the record it
 * writes with each event); waits up to `timeoutMs` for the missing ones. id → epoch ms.
 */
export async function waitForProcessed(subscriberSidecarUrl, eventIds, timeoutMs) {
  const processed = new Map();
  const deadline = Date.now() + timeoutMs;
  while (processed.size < eventIds.length && Date.now() < deadline) {
    const missing = eventIds.filter((id) => !processed.has(id));
    for (let i = 0; i < missing.length; i += 500) {
      const items = await request(`${subscriberSidecarUrl}/v1.0/state/subscriber-store/bulk`, {
        method: 'POST',
        body: { keys: missing.slice(i, i + 500).map((id) => PREFIX + id), parallelism: 16 },
      });
      for (const item of items) {
        if (item.data)
          processed.set(item.key.slice(PREFIX.length), Date.parse(item.data.processedAt));
      }
    }
    if (processed.size < eventIds.length) await sleep(500);
  }
  return processed;
}
