import { userOf, type AccessTokenVerifier } from '@todo-dapr/platform';
import { Router } from 'express';
import type { LiveHub } from '../domain/live-hub';
import { openSseStream } from './sse-stream';

export interface LiveRouteDeps {
  verifier: AccessTokenVerifier;
  hub: LiveHub;
  keepAliveMs: number;
}

/**
 * `GET /live`: the caller's own todo events as Server-Sent Events. The access token comes in
 * the Authorization header (fetch streaming), never in the URL; `Last-Event-ID` resumes.
 */
export function liveRoutes({ verifier, hub, keepAliveMs }: LiveRouteDeps): Router {
  const router = Router();
  router.get('/live', verifier.requireUser, (req, res) => {
    const stream = openSseStream(res, keepAliveMs);
    // An empty Last-Event-ID is none (the SSE spec resets it so).
    const lastEventId = req.get('last-event-id')?.trim();
    const disconnect = hub.connect(
      userOf(req).id,
      stream,
      lastEventId === '' ? undefined : lastEventId,
    );
    res.once('close', disconnect);
  });
  return router;
}
