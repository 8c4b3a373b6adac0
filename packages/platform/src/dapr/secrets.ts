import type { SdkClient } from './sdk-client';

export function createSecretsApi(sdk: SdkClient) {
  return {
    /** One secret's value from a Dapr secret store. */
    async get(store: string, name: string): Promise<string> {
      const values = (await sdk.call(`secret ${store}/${name}`, (client) =>
        // The SDK puts the name into the URL as it is.
        client.secret.get(store, encodeURIComponent(name)),
      )) as Record<string, string | undefined>;
      const value = values[name];
      if (value === undefined) throw new Error(`Secret ${name} is missing from ${store}`);
      return value;
    },
  };
}
export type SecretsApi = ReturnType<typeof createSecretsApi>;
