import { createHash } from 'node:crypto';
import { CloudEvent, type DeadLetter } from '@todo-dapr/contracts';
import type { FailureLog } from './failure-log';

/** The dead-letter delivery as the sidecar makes it with `rawPayload`: the message's bytes. */
function rawMessageOf(delivery: unknown): string {
  const body = (delivery ?? {}) as { data_base64?: unknown; data?: unknown };
  if (typeof body.data_base64 === 'string') {
    return Buffer.from(body.data_base64, 'base64').toString('utf8');
  }
  return JSON.stringify(body.data ?? delivery);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What to record for a message that reached a dead-letter topic: the original event, and
 * why it died as far as this subscriber saw it (`failures`), or the likely cause otherwise.
 */
export function toDeadLetter(
  delivery: unknown,
  topic: string,
  knownTypes: readonly string[],
  failures: FailureLog,
  now: Date,
): DeadLetter {
  const raw = rawMessageOf(delivery);
  const parsed = parseJson(raw);
  const envelope = CloudEvent.safeParse(parsed);
  if (!envelope.success) {
    return {
      id: `sha256:${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`,
      topic,
      type: null,
      reason: 'not a CloudEvent: the sidecar could not read it and never delivered it',
      attempts: 0,
      deadLetteredAt: now.toISOString(),
      event: parsed ?? raw,
    };
  }
  const { id, type } = envelope.data;
  const failure = failures.get(id);
  const reason =
    failure?.reason ??
    (knownTypes.includes(type)
      ? 'retries ran out; the reason was not recorded because the subscriber restarted meanwhile'
      : `no route for CloudEvent type ${JSON.stringify(type)}, so the sidecar never delivered it`);
  return {
    id,
    topic,
    type,
    reason,
    attempts: failure?.attempts ?? 0,
    deadLetteredAt: now.toISOString(),
    event: parsed,
  };
}
