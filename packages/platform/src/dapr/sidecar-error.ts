/** A call to the Dapr sidecar failed; `status` 0 means it could not be reached at all. */
export class SidecarError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly daprErrorCode?: string,
    options?: { cause?: unknown; body?: string },
  ) {
    super(message, options);
    this.name = 'SidecarError';
    this.body = options?.body;
  }

  /** The sidecar's answer as it came (JSON text), when there was one. */
  readonly body: string | undefined;

  /**
   * The store refused a write because an ETag did not match, or because a first-write
   * key exists already. A single write answers 409; a transaction wraps the store's
   * ETag error in ERR_STATE_TRANSACTION (dapr pkg/api/http onPostStateTransaction).
   * PostgreSQL (state.postgresql v2) reports a first-write conflict as a plain "no item was
   * updated", in a single write (ERR_STATE_SAVE, 500) or a transaction: its upsert touches
   * no row only when the key exists and has not expired. Redis (state.redis) reports a
   * single first-write conflict as its Lua guard's "failed to set key" (ERR_STATE_SAVE, 500).
   */
  get isEtagMismatch(): boolean {
    const code = this.daprErrorCode;
    return (
      this.status === 409 ||
      code === 'ERR_STATE_ETAG_MISMATCH' ||
      (code === 'ERR_STATE_TRANSACTION' && /etag mismatch/i.test(this.message)) ||
      ((code === 'ERR_STATE_SAVE' || code === 'ERR_STATE_TRANSACTION') &&
        /no item was updated/i.test(this.message)) ||
      (code === 'ERR_STATE_SAVE' && /user_script:\d+: failed to set key/.test(this.message))
    );
  }
}
