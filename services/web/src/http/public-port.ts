import { AppError, sendProblem } from '@todo-dapr/platform';
import express, { type Express } from 'express';

/** The routes of APP_PORT alone: probes, metrics, and the event deliveries of our sidecar. */
const INTERNAL = /^\/(healthz|readyz|metrics|events)(\/|$)/;

/**
 * The app as the public port serves it: everything but the internal routes, which answer
 * 404 there as any unknown path does. Behind an Ingress that forwards every path, they would
 * otherwise be public.
 */
export function publicPort(app: Express): Express {
  const outer = express();
  outer.disable('x-powered-by');
  outer.use((req, res, next) => {
    if (!INTERNAL.test(req.path)) {
      next();
      return;
    }
    sendProblem(
      req,
      res,
      new AppError(404, 'ROUTE.NOT_FOUND', 'Not Found', {
        detail: `No route for ${req.method} ${req.path}.`,
      }),
    );
  });
  outer.use(app);
  return outer;
}
