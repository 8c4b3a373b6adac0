import { randomUUID } from 'node:crypto';
import { closedLoop } from './closed-loop.mjs';

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

/** Login latency through auth and its sidecar, password hashing included. */
export async function loginLatency(authUrl) {
  const password = 'a benchmark passphrase';
  const users = Array.from({ length: 8 }, () => `bench_${randomUUID().slice(0, 8)}`);
  for (const username of users) {
    await post(`${authUrl}/auth/register`, {
      username,
      email: `${username}@example.com`,
      password,
    });
  }
  const logins = (amount, concurrency) =>
    closedLoop({
      url: authUrl,
      concurrency,
      amount,
      request: (i) => ({
        path: '/auth/login',
        body: { username: users[i % users.length], password },
      }),
    });
  await logins(10, 1); // warm-up
  return { sequential: await logins(200, 1), concurrent: await logins(200, 8) };
}
