/** A call to the Dapr sidecar failed; `status` 0 means it could not be reached at all. */
export class SidecarError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly daprErrorCode?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SidecarError';
  }

  /**
   * The store refused a write because an ETag did not match, or because a first-write
   * key exists already. A single write answers 409; a transaction wraps the store's
   * ETag error in ERR_STATE_TRANSACTION (dapr pkg/api/http onPostStateTransaction).
   */
  get isEtagMismatch(): boolean {
    return (
      this.status === 409 ||
      this.daprErrorCode === 'ERR_STATE_ETAG_MISMATCH' ||
      (this.daprErrorCode === 'ERR_STATE_TRANSACTION' && /etag mismatch/i.test(this.message))
    );
  }
}
