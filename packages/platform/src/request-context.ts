import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Gives every request an id (the caller's X-Request-Id if sane) that every log line carries. */
export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    storage.run({ requestId }, next);
  };
}
