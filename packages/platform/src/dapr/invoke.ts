import { HttpMethod } from '@dapr/dapr';
import type { SdkClient } from './sdk-client';

export function createInvokeApi(sdk: SdkClient) {
  return {
    /** GETs `path` of another app through Dapr service invocation and parses its JSON. */
    async getJson<T>(appId: string, path: string): Promise<T> {
      const method = path.replace(/^\//, '');
      const body = await sdk.call(`invoke ${appId}/${method}`, (client) =>
        client.invoker.invoke(encodeURIComponent(appId), method, HttpMethod.GET),
      );
      // The SDK hands back the text when the answer is not JSON.
      if (typeof body === 'string') throw new Error(`${appId} ${path} answered no JSON`);
      return body as T;
    },
  };
}
export type InvokeApi = ReturnType<typeof createInvokeApi>;
