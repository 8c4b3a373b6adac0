import { eventually, runningSystem } from './system';

/**
 * Stops the todo-apis on other stores (stores.e2e.test.ts's). Their sidecars register as
 * todo-api in the run's name resolution, so web, which invokes todo-api by app id, would
 * otherwise send a user's calls to any of three stores. A stopped sidecar unregisters.
 */
export async function stopStoreVariants(): Promise<void> {
  const variants = Object.values(runningSystem().storeVariants);
  for (const pid of variants.flatMap((variant) => variant.pids)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  await eventually(
    'the store variants to stop',
    async () => {
      const answers = await Promise.all(
        variants.map((v) =>
          fetch(`${v.sidecarUrl}/v1.0/healthz`).then(
            () => true,
            () => false,
          ),
        ),
      );
      return answers.some(Boolean) ? undefined : true;
    },
    30_000,
  );
}
