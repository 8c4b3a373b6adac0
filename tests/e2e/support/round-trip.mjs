// One event through the whole system before the tests start: a user registers and creates a
// todo, and the subscriber applies it. Once it has, every sidecar has started, connected and
// delivered, and would have logged a start-up fault by then.
import { randomUUID } from 'node:crypto';
import { waitFor } from '../../../scripts/lib/processes.mjs';

async function post(url, body, token) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

export async function roundTrip(urls) {
  const username = `warmup_${randomUUID().slice(0, 8)}`;
  const password = 'a warm-up passphrase, long';
  await post(`${urls.auth}/auth/register`, {
    username,
    email: `${username}@example.com`,
    password,
  });
  const { access_token: token } = await post(`${urls.auth}/auth/login`, { username, password });
  await post(`${urls['todo-api']}/todos`, { title: 'warm-up' }, token);
  await waitFor(
    async () => {
      const response = await fetch(`${urls.subscriber}/stats`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return response.ok && (await response.json()).total === 1;
    },
    { timeoutMs: 60_000, describe: () => 'the warm-up todo never reached the subscriber' },
  );
}
