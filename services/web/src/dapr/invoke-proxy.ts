import http from 'node:http';
import { SidecarError } from '@todo-dapr/platform';

export interface InvokeProxyOptions {
  host: string;
  httpPort: number;
  /** DAPR_API_TOKEN, sent as `dapr-api-token` when the sidecar requires it. */
  apiToken?: string | undefined;
  timeoutMs: number;
}

export interface ProxiedRequest {
  method: string;
  /** The path and query as the client sent them, e.g. `/todos/1?x=y`. */
  pathAndQuery: string;
  headers: Record<string, string>;
  body: NodeJS.ReadableStream;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/**
 * Sends a request to another app through our own sidecar's service invocation
 * (`/v1.0/invoke/<app-id>/method/<path>`), streaming the body both ways, and resolves with
 * the answer as it starts to arrive. A sidecar that does not answer is a SidecarError.
 */
export function createInvokeProxy(options: InvokeProxyOptions) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  return (appId: string, request: ProxiedRequest) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      const headers = { ...request.headers };
      if (options.apiToken) headers['dapr-api-token'] = options.apiToken;
      const path = `/v1.0/invoke/${encodeURIComponent(appId)}/method${request.pathAndQuery}`;
      const upstream = http.request(
        {
          host: options.host,
          port: options.httpPort,
          method: request.method,
          path,
          headers,
          agent,
          timeout: options.timeoutMs,
          signal: request.signal,
        },
        resolve,
      );
      upstream.on('timeout', () =>
        upstream.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
      );
      upstream.on('error', (cause) =>
        reject(
          new SidecarError(`Dapr sidecar did not answer ${request.method} ${path}`, 0, undefined, {
            cause,
          }),
        ),
      );
      request.body.pipe(upstream);
    });
}
export type InvokeProxy = ReturnType<typeof createInvokeProxy>;
