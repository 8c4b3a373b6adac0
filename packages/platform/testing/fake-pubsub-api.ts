import type { IncomingMessage } from 'node:http';
import { Answer, bodyOf, failureCodes, Refused, type Admit } from './daprd-answers';

export interface PublishedMessage {
  pubsub: string;
  topic: string;
  data: unknown;
  metadata: Record<string, string>;
  contentType: string;
}

interface BulkEntry {
  entryId: string;
  event: unknown;
  contentType: string;
  metadata?: Record<string, string>;
}

/** `/v1.0/publish/…` and `/v1.0-alpha1/publish/bulk/…`: what the broker took, in order. */
export function createFakePubSubApi(admit: Admit) {
  const published: PublishedMessage[] = [];

  async function publish(req: IncomingMessage, url: URL, pubsub: string, topic: string) {
    const data = await bodyOf(req);
    await admit({ api: 'pubsub', pubsub, topic, data });
    const metadata = Object.fromEntries(
      [...url.searchParams]
        .filter(([name]) => name.startsWith('metadata.'))
        .map(([name, value]) => [name.slice('metadata.'.length), value]),
    );
    const contentType = req.headers['content-type'] ?? 'application/json';
    published.push({ pubsub, topic, data, metadata, contentType });
    return new Answer(204);
  }

  /** Each entry goes or fails on its own; the failed ones are listed, as daprd lists them. */
  async function publishBulk(req: IncomingMessage, pubsub: string, topic: string) {
    const entries = (await bodyOf(req)) as BulkEntry[];
    const failed: BulkEntry[] = [];
    for (const entry of entries) {
      const { event, metadata = {}, contentType } = entry;
      try {
        await admit({ api: 'pubsub', pubsub, topic, data: event });
        published.push({ pubsub, topic, data: event, metadata, contentType });
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        failed.push(entry);
      }
    }
    if (failed.length === 0) return new Answer(204);
    return new Answer(500, {
      failedEntries: failed.map(({ entryId }) => ({
        entryId,
        error: 'the fake sidecar was told to fail',
      })),
      errorCode: failureCodes.pubsub,
    });
  }

  return { publish, publishBulk, published };
}
