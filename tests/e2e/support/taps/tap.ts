/** One message as a broker holds it, before it is parsed. */
export interface RawMessage {
  /** The message's key, where the broker carries one. */
  key: string | undefined;
  /** Where the message sits in its topic, in the broker's own terms. */
  position: string;
  text: string;
  /** The value's bytes, where they may be binary (Kafka: Avro with a schema id). */
  bytes?: Buffer;
}

/** What the tests need of a broker: to read a topic from its start, and to write to it. */
export interface Tap {
  /** False where the broker carries no message key (RabbitMQ, JetStream). */
  carriesKeys: boolean;
  /**
   * Calls `onMessage` with each message of `topic` from its first, in order, then with each
   * new one, until the returned `stop` is called; `onError` if reading fails.
   */
  read(
    topic: string,
    onMessage: (message: RawMessage) => void,
    onError: (error: Error) => void,
  ): Promise<() => Promise<void>>;
  /** Writes `body` as it is (no CloudEvent around it) to `topic`. */
  write(topic: string, key: string, body: string | Buffer): Promise<void>;
}

/** What a client threw, as an Error. */
export const asError = (thrown: unknown) =>
  thrown instanceof Error ? thrown : new Error('the broker client failed', { cause: thrown });
