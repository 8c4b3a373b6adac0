import { randomUUID } from 'node:crypto';
import { runLoad } from './measure.mjs';

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
  const login = (i) =>
    post(`${authUrl}/auth/login`, { username: users[i % users.length], password });
  await runLoad({ count: 10, concurrency: 1, task: login }); // warm-up
  return {
    sequential: await runLoad({ count: 200, concurrency: 1, task: login }),
    concurrent: await runLoad({ count: 200, concurrency: 8, task: login }),
  };
}
