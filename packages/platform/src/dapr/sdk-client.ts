import { CommunicationProtocolEnum, DaprClient, LogLevel } from '@dapr/dapr';
import { SidecarError } from './sidecar-error';
import type { SidecarOptions } from './sidecar-http';

const ignore = () => undefined;
/** Failures reach the caller as errors; the SDK would log each one a second time. */
const silent = { error: ignore, warn: ignore, info: ignore, verbose: ignore, debug: ignore };

/**
 * `DaprClient` over HTTP (a third of its gRPC client's CPU per call, measured by
 * scripts/bench/sdk-protocols.mjs), made to fail fast: it never waits for the sidecar on its
 * first call (the SDK would, for up to 30 s), every call has the platform's timeout, and a
 * failure becomes a SidecarError with Dapr's error code, as from the hand-written calls.
 */
export function createSdkClient(options: SidecarOptions) {
  const client = new DaprClient({
    daprHost: options.host,
    daprPort: String(options.httpPort),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    ...(options.apiToken && { daprApiToken: options.apiToken }),
    logger: { level: LogLevel.Error, service: silent },
  });
  // The SDK's first call awaits the sidecar (DaprClient.awaitSidecarStarted) unless this is set.
  client.daprClient.setIsInitialized(true);
  const baseUrl = `http://${options.host}:${options.httpPort}`;

  /** Runs one SDK call with the platform's timeout; `what` names it in errors. */
  async function call<T>(what: string, run: (sdk: DaprClient) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
    });
    try {
      return await Promise.race([run(client), timeout]);
    } catch (error) {
      throw sidecarErrorOf(what, baseUrl, error);
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    call,
    /** A failure the SDK returned instead of throwing, as a SidecarError. */
    errorOf: (what: string, error: unknown) => sidecarErrorOf(what, baseUrl, error),
  };
}
export type SdkClient = ReturnType<typeof createSdkClient>;

/**
 * The SDK's HTTP client throws `Error(JSON.stringify({ error, error_msg, status }))` for a
 * non-2xx answer (HTTPClient.execute), with daprd's body in `error_msg`; anything else means
 * the sidecar did not answer.
 */
export function sidecarErrorOf(what: string, baseUrl: string, error: unknown): SidecarError {
  if (error instanceof SidecarError) return error;
  const answer = answerOf(error);
  if (!answer)
    return new SidecarError(`Dapr sidecar at ${baseUrl} did not answer ${what}`, 0, undefined, {
      cause: error,
    });
  let daprErrorCode: string | undefined;
  let message = answer.body;
  try {
    const parsed = JSON.parse(answer.body) as { errorCode?: string; message?: string };
    daprErrorCode = parsed.errorCode;
    message = parsed.message ?? answer.body;
  } catch {
    // Not JSON: keep the raw text.
  }
  return new SidecarError(
    `Dapr ${what} answered ${answer.status}: ${message}`,
    answer.status,
    daprErrorCode,
    {
      body: answer.body,
    },
  );
}

function answerOf(error: unknown): { status: number; body: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  try {
    const parsed = JSON.parse(error.message) as { status?: unknown; error_msg?: unknown };
    if (typeof parsed.status !== 'number') return undefined;
    return {
      status: parsed.status,
      body: typeof parsed.error_msg === 'string' ? parsed.error_msg : '',
    };
  } catch {
    return undefined;
  }
}
