import { request } from './http.mjs';
import { runLoad } from './measure.mjs';

/** List and create cost for one user as their todos grow to 10, 1,000 and 10,000. */
export async function growth({ apiUrl, user, sizes = [10, 1_000, 10_000] }) {
  const results = [];
  let have = 0;
  for (const size of sizes) {
    // Seed through the API, one at a time: one user's writes serialise on their index anyway.
    await runLoad({
      count: size - have,
      concurrency: 1,
      maxMs: 30 * 60_000,
      task: (i) =>
        request(`${apiUrl}/todos`, {
          method: 'POST',
          token: user.token,
          body: { title: `seed ${have + i}` },
        }),
    });
    have = size;
    const list = await runLoad({
      count: 50,
      concurrency: 1,
      task: () => request(`${apiUrl}/todos?limit=100`, { token: user.token }),
    });
    const create = await runLoad({
      count: 50,
      concurrency: 1,
      task: () =>
        request(`${apiUrl}/todos`, {
          method: 'POST',
          token: user.token,
          body: { title: 'measured' },
        }),
    });
    have += 50;
    results.push({ size, list, create });
  }
  return results;
}
