import autocannon from 'autocannon';

/**
 * A closed-loop load with autocannon: `concurrency` connections, each with one request in
 * flight, for `seconds` or until `amount` requests. `request(i)` gives the i-th request's
 * `{ path, headers, body }` (method POST). Returns what runLoad returns: requests, failures
 * (errors, timeouts and non-2xx answers), the rate of successes, and latency percentiles.
 */
export async function closedLoop({ url, concurrency, seconds, amount, request }) {
  let next = 0;
  const result = await autocannon({
    url,
    connections: concurrency,
    ...(amount === undefined ? { duration: seconds } : { amount }),
    requests: [
      {
        method: 'POST',
        setupRequest: (defaults) => {
          const { path, headers = {}, body } = request(next++);
          return {
            ...defaults,
            path,
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          };
        },
      },
    ],
  });
  const succeeded = result['2xx'];
  const failures = result.errors + result.timeouts + result.non2xx;
  return {
    requests: succeeded + failures,
    failures,
    seconds: result.duration,
    perSecond: succeeded / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
