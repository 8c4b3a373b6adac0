/** One JSON call for the benchmarks; throws on a non-2xx answer so failures are counted. */
export async function request(url, { method = 'GET', token, body, headers = {} } = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      ...headers,
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Registers `count` users and logs them in; returns their ids and access tokens. */
export async function sessions(authUrl, count) {
  const password = 'a benchmark passphrase';
  const users = [];
  for (let i = 0; i < count; i += 1) {
    const username = `bench_${Date.now().toString(36)}_${i}`;
    const profile = await request(`${authUrl}/auth/register`, {
      method: 'POST',
      body: { username, email: `${username}@example.com`, password },
    });
    const tokens = await request(`${authUrl}/auth/login`, {
      method: 'POST',
      body: { username, password },
    });
    users.push({ id: profile.id, token: tokens.access_token });
  }
  return users;
}
