import type { SdkClient } from './sdk-client';

/** Output bindings of the sidecar, e.g. `email` (bindings.smtp). */
export function createBindingsApi(sdk: SdkClient) {
  return {
    /** Resolves once the binding has done its work (an SMTP server accepted the mail). */
    async invoke(
      binding: string,
      operation: string,
      data: unknown,
      metadata: Record<string, string> = {},
    ): Promise<void> {
      await sdk.call(`binding ${binding}`, (client) =>
        client.binding.send(binding, operation, data, metadata),
      );
    },
  };
}
export type BindingsApi = ReturnType<typeof createBindingsApi>;
