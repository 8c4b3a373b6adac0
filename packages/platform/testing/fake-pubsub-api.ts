import type { IncomingMessage } from 'node:http';
import { Answer, bodyOf, failureCodes, type SidecarCall } from './daprd-answers';

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
export function createFakePubSubApi(fails: (call: SidecarCall) => boolean) {
  const published: PublishedMessage[] = [];

  async function publish(req: IncomingMessage, url: URL, pubsub: string, topic: string) {
    const data = await bodyOf(req);
    if (fails({ api: 'pubsub', pubsub, topic, data })) {
      return new Answer(500, {
        errorCode: failureCodes.pubsub,
        message: 'the fake broker refused',
      });
    }
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
    const failed = entries.filter(({ event }) =>
      fails({ api: 'pubsub', pubsub, topic, data: event }),
    );
    for (const entry of entries.filter((one) => !failed.includes(one))) {
      const { event, metadata = {}, contentType } = entry;
      published.push({ pubsub, topic, data: event, metadata, contentType });
    }
    if (failed.length === 0) return new Answer(204);
    return new Answer(500, {
      failedEntries: failed.map(({ entryId }) => ({ entryId, error: 'the fake broker refused' })),
      errorCode: failureCodes.pubsub,
    });
  }

  return { publish, publishBulk, published };
}
