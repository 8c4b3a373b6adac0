// The broker is ready once it takes a record with acks=all: an open port is not enough while
// the KRaft controller has not elected itself yet. The record goes through kafkajs, in this
// process: a second JVM for it took a core from the broker's own start.
import kafkajs from 'kafkajs';
import { waitFor } from '../lib/processes.mjs';

const readinessTopic = '_readiness'; // auto-created by the first record

/** Resolves once the broker at `brokers` accepts a record; throws if isAlive() turns false. */
export async function waitUntilReady({ brokers, timeoutMs, isAlive }) {
  const kafka = new kafkajs.Kafka({
    clientId: 'todo-dapr-readiness',
    brokers: [brokers],
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    // waitFor retries; the client's own backoff would only add to the start time.
    retry: { retries: 0 },
  });
  let lastProblem = 'no answer yet';
  await waitFor(
    async () => {
      if (!isAlive()) throw new Error('the broker process exited');
      const problem = await produceProbeRecord(kafka);
      lastProblem = problem ?? lastProblem;
      return problem === undefined;
    },
    { timeoutMs, intervalMs: 250, describe: () => lastProblem },
  );
}

/** Sends one record; resolves to undefined on success, else to why not. */
async function produceProbeRecord(kafka) {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  try {
    await producer.connect();
    await producer.send({
      topic: readinessTopic,
      acks: -1,
      timeout: 5000,
      messages: [{ value: `ready ${new Date().toISOString()}` }],
    });
    return undefined;
  } catch (error) {
    return error.message;
  } finally {
    await producer.disconnect().catch(() => {});
  }
}
