import { SidecarError } from './sidecar-error';
import type { SdkClient } from './sdk-client';
import type { SidecarHttp } from './sidecar-http';

/** The entry ids a failed bulk publish lists as not published, if it lists them. */
function failedEntriesOf(error: unknown): Set<string> | undefined {
  if (!(error instanceof SidecarError) || !error.body) return undefined;
  try {
    const { failedEntries } = JSON.parse(error.body) as { failedEntries?: { entryId: string }[] };
    return failedEntries?.length ? new Set(failedEntries.map((entry) => entry.entryId)) : undefined;
  } catch {
    return undefined;
  }
}

export interface PublishOptions {
  /** A stable CloudEvent id, so a re-published event is recognised as the same one. */
  id?: string;
  /** Becomes the CloudEvent `type` (Dapr's `cloudevent.type` metadata). */
  type?: string;
  /** Kafka message key: events with the same key keep their order. */
  partitionKey?: string;
  metadata?: Record<string, string>;
}

export interface BulkEntry {
  /** Unique within the call; failures are reported by it. */
  entryId: string;
  data: unknown;
  options: PublishOptions;
}

// SCAFFOLDING for helper D's deploy tests (helper C owns this): with a registry, the sidecar
// serializes with the subject's latest Avro schema.
const avro = () => (process.env.SCHEMA_REGISTRY_URL ?? '') !== '';

function metadataOf(options: PublishOptions): Record<string, string> {
  const metadata: Record<string, string> = { ...options.metadata };
  if (avro()) metadata.valueSchemaType = 'Avro';
  if (options.id) metadata['cloudevent.id'] = options.id;
  if (options.type) metadata['cloudevent.type'] = options.type;
  if (options.partitionKey) metadata.partitionKey = options.partitionKey;
  return metadata;
}

/**
 * Publishing through `DaprClient`, except bulk: the SDK matches daprd's `failedEntries` by
 * `entryID` where daprd sends `entryId`, and so reports a partly failed call as a success.
 */
export function createPubSubApi(http: SidecarHttp, sdk: SdkClient) {
  /** The SDK returns a failed publish as `{ error }`: here it rejects. */
  const publish = async (
    pubsub: string,
    topic: string,
    data: unknown,
    options: { contentType?: string; metadata: Record<string, string> },
  ) => {
    const what = `publish ${pubsub}/${topic}`;
    const { error } = await sdk.call(what, (client) =>
      client.pubsub.publish(pubsub, topic, data as object, options),
    );
    if (error !== undefined) throw sdk.errorOf(what, error);
  };

  return {
    /**
     * Many messages in one call (Dapr's bulk publish). Resolves to the ids of the entries the
     * broker did not take; rejects when the sidecar cannot say which (then none is known).
     */
    async publishBulk(pubsub: string, topic: string, entries: BulkEntry[]): Promise<Set<string>> {
      try {
        await http(
          `/v1.0-alpha1/publish/bulk/${encodeURIComponent(pubsub)}/${encodeURIComponent(topic)}${avro() ? '?metadata.valueSchemaType=Avro' : ''}`,
          {
            body: entries.map((entry) => ({
              entryId: entry.entryId,
              event: entry.data,
              contentType: 'application/json',
              metadata: metadataOf(entry.options),
            })),
          },
        );
        return new Set();
      } catch (error) {
        const failed = failedEntriesOf(error);
        if (!failed) throw error;
        return failed;
      }
    },

    /**
     * Publishes a whole CloudEvent as it is: the sidecar keeps its id, type and data (and
     * sets topic and pubsub name), so consumers see the same event again.
     */
    async publishCloudEvent(
      pubsub: string,
      topic: string,
      cloudEvent: Record<string, unknown>,
      partitionKey?: string,
    ) {
      await publish(pubsub, topic, cloudEvent, {
        contentType: 'application/cloudevents+json',
        metadata: {
          ...(partitionKey ? { partitionKey } : {}),
          ...(avro() ? { valueSchemaType: 'Avro' } : {}),
        },
      });
    },

    /** Resolves once the broker has the message; rejects otherwise. */
    async publish(pubsub: string, topic: string, data: unknown, options: PublishOptions = {}) {
      await publish(pubsub, topic, data, { metadata: metadataOf(options) });
    },
  };
}
export type PubSubApi = ReturnType<typeof createPubSubApi>;
