import { SidecarError } from '../src/dapr/sidecar-error';

// The messages as daprd 1.18 words them (pkg/messages/predefined.go) around each store's error.
const fromSidecar = (status: number, code: string, message: string) =>
  new SidecarError(`Dapr /v1.0/state answered ${status}: ${message}`, status, code);

describe('SidecarError.isEtagMismatch', () => {
  it.each([
    ['a single write, any store', 409, 'ERR_STATE_ETAG_MISMATCH', 'possible etag mismatch'],
    [
      'a transaction on SQLite',
      500,
      'ERR_STATE_TRANSACTION',
      'error while executing state transaction: possible etag mismatch. error from state store: …',
    ],
    [
      'a first-write save on PostgreSQL v2',
      500,
      'ERR_STATE_SAVE',
      'failed saving state in state store auth-store: no item was updated',
    ],
    [
      'a first-write transaction on PostgreSQL v2',
      500,
      'ERR_STATE_TRANSACTION',
      'error while executing state transaction: no item was updated',
    ],
    [
      'a first-write save on Redis',
      500,
      'ERR_STATE_SAVE',
      'failed saving state in state store auth-store: failed to set key auth||username:ann: ERR user_script:14: failed to set key auth||username:ann script: d908b9553add63a82e03589b5c6d01a7654ef0f2, on @user_script:14.',
    ],
  ])('is true for a conflict: %s', (_what, status, code, message) => {
    expect(fromSidecar(status, code, message).isEtagMismatch).toBe(true);
  });

  it.each([
    ['a store that is down', 500, 'ERR_STATE_SAVE', 'failed saving state: connection refused'],
    [
      'Redis refusing a write for another reason',
      500,
      'ERR_STATE_SAVE',
      'failed saving state in state store auth-store: failed to set key auth||a: OOM command not allowed',
    ],
    [
      'a failed transaction',
      500,
      'ERR_STATE_TRANSACTION',
      'error while executing state transaction: timeout',
    ],
    ['a sidecar out of reach', 0, undefined, 'did not answer'],
  ])('is false for anything else: %s', (_what, status, code, message) => {
    expect(new SidecarError(message, status, code).isEtagMismatch).toBe(false);
  });
});
