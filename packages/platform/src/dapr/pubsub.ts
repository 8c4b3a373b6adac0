import type { SidecarHttp } from './sidecar-http';

export interface PublishOptions {
  /** A stable CloudEvent id, so a re-published event is recognised as the same one. */
  id?: string;
  /** Becomes the CloudEvent `type` (Dapr's `cloudevent.type` metadata). */
  type?: string;
  /** Kafka message key: events with the same key keep their order. */
  partitionKey?: string;
  metadata?: Record<string, string>;
}

export function createPubSubApi(http: SidecarHttp) {
  return {
    /** Resolves once the broker has the message; rejects otherwise (the SDK only logs). */
    async publish(pubsub: string, topic: string, data: unknown, options: PublishOptions = {}) {
      const metadata: Record<string, string> = { ...options.metadata };
      if (options.id) metadata['cloudevent.id'] = options.id;
      if (options.type) metadata['cloudevent.type'] = options.type;
      if (options.partitionKey) metadata.partitionKey = options.partitionKey;
      const query = Object.fromEntries(
        Object.entries(metadata).map(([name, value]) => [`metadata.${name}`, value]),
      );
      await http(`/v1.0/publish/${encodeURIComponent(pubsub)}/${encodeURIComponent(topic)}`, {
        body: data,
        query,
      });
    },
  };
}
export type PubSubApi = ReturnType<typeof createPubSubApi>;
