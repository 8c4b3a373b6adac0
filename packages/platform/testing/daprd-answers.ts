import type { IncomingMessage } from 'node:http';

/** One call a service made, as `failWhen` sees it (a bulk publish is one call per entry). */
export type SidecarCall =
  | { api: 'state'; operation: 'get' | 'bulk' | 'save' | 'delete' | 'transaction'; store: string }
  | { api: 'pubsub'; pubsub: string; topic: string; data: unknown }
  | { api: 'bindings'; binding: string; operation: string }
  | { api: 'secrets'; store: string; name: string }
  | { api: 'invoke'; appId: string };

/** What the fake sidecar answers: a status, a JSON body if any, and headers. */
export class Answer {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export const daprError = (status: number, errorCode: string, message: string) =>
  new Answer(status, { errorCode, message });

/** Ends a call early with daprd's answer. */
export class Refused extends Error {
  constructor(readonly answer: Answer) {
    super(`refused with ${answer.status}`);
  }
}

// daprd's error code when the component behind a call fails (pkg/messages/predefined.go).
export const failureCodes = {
  get: 'ERR_STATE_GET',
  bulk: 'ERR_STATE_BULK_GET',
  save: 'ERR_STATE_SAVE',
  delete: 'ERR_STATE_DELETE',
  transaction: 'ERR_STATE_TRANSACTION',
  pubsub: 'ERR_PUBSUB_PUBLISH_MESSAGE',
  bindings: 'ERR_INVOKE_OUTPUT_BINDING',
  secrets: 'ERR_SECRET_GET',
  invoke: 'ERR_DIRECT_INVOKE',
};

/** The answer of daprd when the component behind `call` fails. */
export const failureOf = (call: SidecarCall) =>
  daprError(
    500,
    call.api === 'state' ? failureCodes[call.operation] : failureCodes[call.api],
    'the fake sidecar was told to fail',
  );

/** Lets a call through, or throws Refused with daprd's answer; may first wait (a hold). */
export type Admit = (call: SidecarCall) => Promise<void>;

/** A request's JSON body; a body that is not JSON as text, as daprd publishes it. */
export async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
