import { CloudEvent, DeadLetterPath, DeadLetterQuery } from '@todo-dapr/contracts';
import { AppError, notFound, parseOrThrow, type AccessTokenVerifier } from '@todo-dapr/platform';
import { Router } from 'express';
import type { DeadLetterStore } from '../dapr/dead-letter-store';

export interface DeadLetterAdminDeps {
  verifier: AccessTokenVerifier;
  deadLetters: DeadLetterStore;
  /** Sends a CloudEvent back to its topic as it is (same id, so consumers dedupe). */
  republish: (
    topic: string,
    cloudEvent: Record<string, unknown>,
    partitionKey?: string,
  ) => Promise<void>;
}

/** Operators (the `admin` role) list dead letters and send them back to their topic. */
export function deadLetterAdminRoutes({
  verifier,
  deadLetters,
  republish,
}: DeadLetterAdminDeps): Router {
  const router = Router();
  router.use('/admin/dead-letters', verifier.requireRole('admin'));

  router.get('/admin/dead-letters', async (req, res) => {
    const query = parseOrThrow(DeadLetterQuery, req.query, 'query string');
    res.json(await deadLetters.list(query.limit, query.offset));
  });

  router.post('/admin/dead-letters/:topic/:id/replay', async (req, res) => {
    const path = DeadLetterPath.safeParse(req.params);
    const letter = path.success ? await deadLetters.get(path.data.topic, path.data.id) : undefined;
    if (!path.success || !letter) {
      throw notFound('DEAD_LETTER.NOT_FOUND', 'There is no such dead letter.');
    }
    const envelope = CloudEvent.safeParse(letter.event);
    if (!envelope.success) {
      throw new AppError(422, 'DEAD_LETTER.NOT_REPLAYABLE', 'Unprocessable Content', {
        detail: 'Only a CloudEvent can go back to its topic, and this message is not one.',
      });
    }
    const userId = (envelope.data.data as { userId?: unknown } | null)?.userId;
    await republish(
      letter.topic,
      letter.event as Record<string, unknown>,
      typeof userId === 'string' ? userId : undefined,
    );
    res.status(202).json(await deadLetters.markReplayed(letter.topic, letter.id, new Date()));
  });

  return router;
}
