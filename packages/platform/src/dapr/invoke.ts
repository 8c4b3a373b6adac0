import type { SidecarHttp } from './sidecar-http';

export function createInvokeApi(http: SidecarHttp) {
  return {
    /** GETs `path` of another app through Dapr service invocation and parses its JSON. */
    async getJson<T>(appId: string, path: string): Promise<T> {
      const method = path.replace(/^\//, '');
      const response = await http(`/v1.0/invoke/${encodeURIComponent(appId)}/method/${method}`);
      return response.json() as T;
    },
  };
}
export type InvokeApi = ReturnType<typeof createInvokeApi>;
