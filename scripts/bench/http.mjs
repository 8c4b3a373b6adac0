import http from 'node:http';

// Kept-alive connections: fetch spent about twice the load generator's CPU (measured), and
// the generator shares the machine with what it measures.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

/**
 * One JSON call for the benchmarks; throws on a non-2xx answer so failures are counted, and
 * after `timeoutMs` without an answer when given.
 */
export function request(url, { method = 'GET', token, body, headers = {}, timeoutMs } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(token && { authorization: `Bearer ${token}` }),
          ...(payload !== undefined && {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          }),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode < 200 || res.statusCode >= 300) {
            reject(new Error(`${method} ${url} answered ${res.statusCode}: ${text.slice(0, 200)}`));
          } else {
            resolve(text ? JSON.parse(text) : undefined);
          }
        });
      },
    );
    req.on('error', reject);
    if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(new Error('no answer in time')));
    req.end(payload);
  });
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
