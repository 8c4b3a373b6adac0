const MAX_ATTEMPTS = 200;
// Jitter, so that writers who lost a race to each other do not meet again.
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/**
 * Runs `attempt` (read the user's index, decide, commit under its ETag) until it commits:
 * undefined from it means another write came first. Undefined after 200 lost races.
 */
export async function retryLostRaces<T>(attempt: () => Promise<T | undefined>) {
  for (let n = 0; n < MAX_ATTEMPTS; n += 1) {
    const committed = await attempt();
    if (committed !== undefined) return committed;
    await backoff(n);
  }
  return undefined;
}
