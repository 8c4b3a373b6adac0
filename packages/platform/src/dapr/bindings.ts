import type { SidecarHttp } from './sidecar-http';

/** Output bindings of the sidecar, e.g. `email` (bindings.smtp). */
export function createBindingsApi(http: SidecarHttp) {
  return {
    /** Resolves once the binding has done its work (an SMTP server accepted the mail). */
    async invoke(
      binding: string,
      operation: string,
      data: unknown,
      metadata: Record<string, string> = {},
    ): Promise<void> {
      await http(`/v1.0/bindings/${encodeURIComponent(binding)}`, {
        body: { operation, data, metadata },
      });
    },
  };
}
export type BindingsApi = ReturnType<typeof createBindingsApi>;
