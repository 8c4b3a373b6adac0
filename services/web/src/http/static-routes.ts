import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type Response } from 'express';

/** No inline script or style, nothing from elsewhere: the app's own files and its origin. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PLACEHOLDER = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>todo-dapr</title></head>
<body>
<h1>todo-dapr</h1>
<p>The web app is not built yet: run <code>npm run build</code>, then reload.</p>
<p>The API is here all the same: <code>/auth/*</code>, <code>/todos</code>, <code>/stats</code>, <code>/live</code>.</p>
</body>
</html>
`;

const withPolicy = (res: Response) => {
  res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.set('Referrer-Policy', 'no-referrer');
};

/**
 * The built web app (`dir`, services/web/dist/public) with its CSP; `/` is its index.html,
 * or a placeholder page when it is not built. Unknown paths fall through to a 404 problem.
 */
export function staticRoutes(dir: string): Router {
  const router = Router();
  router.use((_req, res, next) => {
    withPolicy(res);
    next();
  });
  if (existsSync(join(dir, 'index.html'))) {
    router.use(
      express.static(dir, {
        index: 'index.html',
        // Hashed asset names change with their content; index.html must be asked again.
        setHeaders: (res, path) => {
          res.setHeader(
            'Cache-Control',
            path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
          );
        },
      }),
    );
    return router;
  }
  router.get('/', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(PLACEHOLDER);
  });
  return router;
}
