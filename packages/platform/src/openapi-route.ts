import { Router } from 'express';

/** Serves the service's OpenAPI document at /openapi.json. */
export function openApiRoute(document: object): Router {
  const body = JSON.stringify(document);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(body);
  });
  return router;
}
