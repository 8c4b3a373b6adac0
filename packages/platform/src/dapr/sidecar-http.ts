import { SidecarError } from './sidecar-error';

export interface SidecarOptions {
  host: string;
  httpPort: number;
  /** Sent as `dapr-api-token` when the sidecar requires it (deploy). */
  apiToken?: string | undefined;
  timeoutMs: number;
}

export interface SidecarRequest {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export type SidecarHttp = (path: string, request?: SidecarRequest) => Promise<Response>;

/**
 * A fetch bound to one sidecar, with a timeout on every call. A non-2xx answer
 * becomes a SidecarError carrying Dapr's error code.
 */
export function createSidecarHttp(options: SidecarOptions): SidecarHttp {
  const baseUrl = `http://${options.host}:${options.httpPort}`;
  return async (path, request = {}) => {
    const url = new URL(path, baseUrl);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      url.searchParams.set(name, value);
    }
    const headers: Record<string, string> = { ...request.headers };
    if (options.apiToken) headers['dapr-api-token'] = options.apiToken;
    let body: string | undefined;
    if (request.body !== undefined) {
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (cause) {
      throw new SidecarError(`Dapr sidecar at ${baseUrl} did not answer ${path}`, 0, undefined, {
        cause,
      });
    }
    if (response.ok) return response;
    throw await toSidecarError(path, response);
  };
}

async function toSidecarError(path: string, response: Response): Promise<SidecarError> {
  const text = await response.text();
  let daprErrorCode: string | undefined;
  let message = text;
  try {
    const parsed = JSON.parse(text) as { errorCode?: string; message?: string };
    daprErrorCode = parsed.errorCode;
    message = parsed.message ?? text;
  } catch {
    // Not JSON: keep the raw text.
  }
  return new SidecarError(
    `Dapr ${path} answered ${response.status}: ${message}`,
    response.status,
    daprErrorCode,
  );
}
