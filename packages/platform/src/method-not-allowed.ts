import type { Express, RequestHandler } from 'express';
import { AppError } from './errors';

/** What express's router (the `router` package, 2.x) keeps per `use` and per route. */
interface Layer {
  match(path: string): false | { path: string };
  route?: { methods: Record<string, boolean | undefined> };
  handle: unknown;
}
interface Stack {
  stack: Layer[];
}

const isRouter = (handle: unknown): handle is Stack =>
  typeof handle === 'function' && Array.isArray((handle as Partial<Stack>).stack);

function matchOf(layer: Layer, path: string) {
  try {
    return layer.match(path);
  } catch {
    return false; // a malformed %-escape: the router reports it when it gets there
  }
}

/**
 * The methods the routes of `router` (nested routers included) answer at `path`, upper-case,
 * with HEAD wherever GET is; `*` when a route takes every method (`router.all`).
 */
export function methodsAt(router: Stack, path: string, into = new Set<string>()): Set<string> {
  for (const layer of router.stack) {
    const match = matchOf(layer, path);
    if (!match) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on) into.add(method === '_all' ? '*' : method.toUpperCase());
      }
    } else if (isRouter(layer.handle)) {
      methodsAt(layer.handle, path.slice(match.path.length) || '/', into);
    }
  }
  if (into.has('GET')) into.add('HEAD');
  return into;
}

/**
 * For a path that has routes but not for this method: 405 with `Allow` (RFC 9110 §15.5.6),
 * before any auth or body parsing, since the answer is the same for everyone. A plain OPTIONS
 * gets 204 with `Allow`; a CORS preflight goes on to the CORS middleware.
 */
export function methodNotAllowed(app: Express): RequestHandler {
  return (req, res, next) => {
    // Read at request time: the service's routes are mounted after this middleware.
    const methods = methodsAt(app.router as unknown as Stack, req.path);
    if (methods.size === 0 || methods.has(req.method) || methods.has('*')) {
      next();
      return;
    }
    const allow = [...methods, 'OPTIONS'].sort().join(', ');
    if (req.method === 'OPTIONS') {
      if (req.get('access-control-request-method')) next();
      else res.set('Allow', allow).status(204).end();
      return;
    }
    throw new AppError(405, 'ROUTE.METHOD_NOT_ALLOWED', 'Method Not Allowed', {
      detail: `${req.path} answers ${allow}, not ${req.method}.`,
      headers: { Allow: allow },
    });
  };
}
