import { errorFields, type Logger } from '@todo-dapr/platform';
import type { SweepReport } from './outbox-sweep';

/**
 * Sweeps at once, then `everyMs` after each sweep ends, so sweeps never overlap. The timer
 * does not keep the process alive. Returns a stop function.
 */
export function scheduleSweeps(
  sweep: () => Promise<SweepReport>,
  everyMs: number,
  logger: Logger,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      const report = await sweep();
      if (report.replayed > 0) logger.info('outbox sweep', { ...report });
    } catch (error) {
      logger.warn('the outbox sweep failed; it runs again', errorFields(error));
    }
    if (!stopped) timer = setTimeout(() => void run(), everyMs).unref();
  };
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
