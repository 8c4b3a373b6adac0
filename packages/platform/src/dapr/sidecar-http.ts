import http from 'node:http';
import { SidecarError } from './sidecar-error';

export interface SidecarOptions {
  host: string;
  httpPort: number;
  /** Sent as `dapr-api-token` when the sidecar requires it (deploy). */
  apiToken?: string | undefined;
  timeoutMs: number;
  /** Publish events through the sidecar's schema registry (Dapr's `valueSchemaType`). */
  eventSchemaType?: 'Avro' | undefined;
}

export interface SidecarRequest {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface SidecarResponse {
  status: number;
  header(name: string): string | undefined;
  text: string;
  json(): unknown;
}

export type SidecarHttp = (path: string, request?: SidecarRequest) => Promise<SidecarResponse>;

/**
 * Calls one sidecar over node:http with kept-alive connections (a third of fetch's CPU per
 * call, measured), with a timeout on every call. A non-2xx answer becomes a SidecarError
 * carrying Dapr's error code.
 */
export function createSidecarHttp(options: SidecarOptions): SidecarHttp {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const baseUrl = `http://${options.host}:${options.httpPort}`;

  const send = (path: string, method: string, headers: Record<string, string>, body?: string) =>
    new Promise<SidecarResponse>((resolve, reject) => {
      const req = http.request(
        {
          host: options.host,
          port: options.httpPort,
          path,
          method,
          headers,
          agent,
          timeout: options.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              header: (name) => {
                const value = res.headers[name.toLowerCase()];
                return Array.isArray(value) ? value[0] : value;
              },
              text,
              json: () => JSON.parse(text) as unknown,
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });

  return async (path, request = {}) => {
    const query = new URLSearchParams(request.query).toString();
    const headers: Record<string, string> = { ...request.headers };
    if (options.apiToken) headers['dapr-api-token'] = options.apiToken;
    let body: string | undefined;
    if (request.body !== undefined) {
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    let response: SidecarResponse;
    try {
      const method = request.method ?? (body === undefined ? 'GET' : 'POST');
      response = await send(query ? `${path}?${query}` : path, method, headers, body);
    } catch (cause) {
      throw new SidecarError(`Dapr sidecar at ${baseUrl} did not answer ${path}`, 0, undefined, {
        cause,
      });
    }
    if (response.status >= 200 && response.status < 300) return response;
    throw toSidecarError(path, response);
  };
}

function toSidecarError(path: string, response: SidecarResponse): SidecarError {
  let daprErrorCode: string | undefined;
  let message = response.text;
  try {
    const parsed = response.json() as { errorCode?: string; message?: string };
    daprErrorCode = parsed.errorCode;
    message = parsed.message ?? response.text;
  } catch {
    // Not JSON: keep the raw text.
  }
  return new SidecarError(
    `Dapr ${path} answered ${response.status}: ${message}`,
    response.status,
    daprErrorCode,
    { body: response.text },
  );
}
