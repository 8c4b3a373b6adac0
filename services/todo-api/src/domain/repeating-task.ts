import { errorFields, type Logger } from '@todo-dapr/platform';

/**
 * Runs `task` after `firstAfterMs`, then `everyMs` after each run ends, so runs never
 * overlap; a failed run is logged and the next one comes as planned. The timer does not keep
 * the process alive. Returns a stop function.
 */
export function runRepeatedly(
  name: string,
  task: () => Promise<unknown>,
  { firstAfterMs, everyMs }: { firstAfterMs: number; everyMs: number },
  logger: Logger,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      await task();
    } catch (error) {
      logger.warn(`${name} failed; it runs again`, errorFields(error));
    }
    if (!stopped) timer = setTimeout(() => void run(), everyMs).unref();
  };
  timer = setTimeout(() => void run(), firstAfterMs).unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
