import { request } from './http.mjs';
import { runLoad } from './measure.mjs';

/**
 * Authenticated creates at a fixed concurrency for `seconds`, spread over many users, through
 * the full path; then the same on the no-op route (token check and validation only).
 */
export async function createThroughput({ apiUrl, users, concurrency = 32, seconds = 30 }) {
  const run = (path) =>
    runLoad({
      count: Number.MAX_SAFE_INTEGER,
      concurrency,
      maxMs: seconds * 1000,
      task: (i) => {
        const user = users[i % users.length];
        return request(`${apiUrl}${path}`, {
          method: 'POST',
          token: user.token,
          body: { title: `todo ${i}` },
        });
      },
    });
  const full = await run('/todos');
  const ceiling = await run('/bench/noop-todos');
  return { full, ceiling, concurrency, seconds };
}
