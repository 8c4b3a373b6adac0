import type { SidecarHttp } from './sidecar-http';

export function createSecretsApi(http: SidecarHttp) {
  return {
    /** One secret's value from a Dapr secret store. */
    async get(store: string, name: string): Promise<string> {
      const response = await http(
        `/v1.0/secrets/${encodeURIComponent(store)}/${encodeURIComponent(name)}`,
      );
      const values = response.json() as Record<string, string | undefined>;
      const value = values[name];
      if (value === undefined) throw new Error(`Secret ${name} is missing from ${store}`);
      return value;
    },
  };
}
export type SecretsApi = ReturnType<typeof createSecretsApi>;
