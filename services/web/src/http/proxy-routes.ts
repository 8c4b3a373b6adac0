import type { IncomingMessage } from 'node:http';
import { AppIds, PROBLEM_CONTENT_TYPE } from '@todo-dapr/contracts';
import { AppError, currentRequestId, serviceUnavailable } from '@todo-dapr/platform';
import { Router, type Request, type Response } from 'express';
import type { InvokeProxy } from '../dapr/invoke-proxy';

/** Which app owns which public paths (a prefix takes its subpaths too). */
export const ROUTES: readonly { prefix: string; appId: string }[] = [
  { prefix: '/auth', appId: AppIds.auth },
  { prefix: '/.well-known/jwks.json', appId: AppIds.auth },
  { prefix: '/todos', appId: AppIds.todoApi },
  { prefix: '/stats', appId: AppIds.subscriber },
  { prefix: '/admin', appId: AppIds.subscriber },
];

/** What the client may tell the service; everything else (cookies among them) stays here. */
const REQUEST_HEADERS = [
  'accept',
  'authorization',
  'content-length',
  'content-type',
  'idempotency-key',
  'if-match',
  'if-none-match',
];
/** What the service may tell the client. */
const RESPONSE_HEADERS = [
  'allow',
  'cache-control',
  'content-length',
  'content-type',
  'etag',
  'idempotent-replayed',
  'link',
  'location',
  'retry-after',
  'www-authenticate',
];

// `..`, `.`, an encoded slash or dot: the sidecar could resolve such a path elsewhere.
const AMBIGUOUS_PATH = /(^|\/)\.\.?(\/|$)|%2e|%2f|%5c|\\/i;

function requestHeaders(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const value = req.get(name);
    if (value !== undefined) headers[name] = value;
  }
  // The client as web sees it (TRUST_PROXY), replacing what the client claims; the sidecar
  // adds its own address after it, which the services' TRUST_PROXY accounts for.
  headers['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? '';
  headers['x-forwarded-proto'] = req.protocol;
  headers['x-forwarded-host'] = req.host;
  headers['x-request-id'] = currentRequestId() ?? '';
  return headers;
}

/** The error daprd itself answers (`{"errorCode":"ERR_…"}`), as opposed to the app's. */
function sidecarErrorIn(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { errorCode?: unknown }).errorCode;
    return typeof code === 'string' && code.startsWith('ERR_') ? code : undefined;
  } catch {
    return undefined;
  }
}

const readText = async (answer: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of answer) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

async function relay(appId: string, answer: IncomingMessage, res: Response): Promise<void> {
  const status = answer.statusCode ?? 502;
  const type = answer.headers['content-type'] ?? '';
  // Errors that are not the app's problem+json may be daprd's own: those become ours.
  if (status >= 400 && !type.startsWith(PROBLEM_CONTENT_TYPE)) {
    const text = await readText(answer);
    const code = sidecarErrorIn(text);
    if (code && (status === 403 || code === 'ERR_PERMISSION_DENIED')) {
      throw new AppError(502, 'PROXY.DENIED', 'Bad Gateway', {
        detail: `${appId} refused web's call (Dapr access control).`,
      });
    }
    if (code) throw serviceUnavailable('PROXY.UNAVAILABLE', `${appId} is unavailable (${code}).`);
    copyHeaders(answer, res);
    res.status(status).send(text);
    return;
  }
  copyHeaders(answer, res);
  res.status(status);
  answer.pipe(res);
}

function copyHeaders(answer: IncomingMessage, res: Response) {
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers[name];
    if (value !== undefined) res.setHeader(name, value);
  }
}

/**
 * Forwards each owned path to its app through web's own sidecar, never to the app's port:
 * method, path, query, body and the headers above; status, body and headers back.
 */
export function proxyRoutes(invoke: InvokeProxy): Router {
  const router = Router();
  for (const { prefix, appId } of ROUTES) {
    router.use(prefix, async (req, res) => {
      if (AMBIGUOUS_PATH.test(req.originalUrl.split('?')[0] ?? '')) {
        throw new AppError(400, 'REQUEST.AMBIGUOUS_PATH', 'Bad Request', {
          detail: 'The path has dot segments or encoded slashes or dots.',
        });
      }
      const aborted = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) aborted.abort();
      });
      const answer = await invoke(appId, {
        method: req.method,
        pathAndQuery: req.originalUrl,
        headers: requestHeaders(req),
        body: req,
        signal: aborted.signal,
      });
      await relay(appId, answer, res);
    });
  }
  return router;
}
