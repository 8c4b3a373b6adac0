import { Router } from 'express';
import type { KeyRing } from '../domain/key-ring';

/** The public keys that verify access tokens: the current one and the previous one. */
export function jwksRoute(keyRing: KeyRing): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', async (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json((await keyRing()).jwks);
  });
  return router;
}
