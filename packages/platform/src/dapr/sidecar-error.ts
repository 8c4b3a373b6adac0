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

  /** The store refused a write because the ETag did not match. */
  get isEtagMismatch(): boolean {
    return this.status === 409 || this.daprErrorCode === 'ERR_STATE_ETAG_MISMATCH';
  }
}
