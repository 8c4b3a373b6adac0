import { Router } from 'express';
import { AppError } from './errors';

export interface Readiness {
  /** True when everything the service needs to do its work is up. */
  isReady(): Promise<boolean>;
}

/** `/healthz`: the process is alive. `/readyz`: its sidecar and components are ready too. */
export function healthRouter(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (!(await readiness.isReady())) {
      throw new AppError(503, 'SIDECAR.NOT_READY', 'Service Unavailable', {
        detail: 'The Dapr sidecar or one of its components is not ready yet.',
        headers: { 'Retry-After': '1' },
      });
    }
    res.json({ status: 'ready' });
  });
  return router;
}
