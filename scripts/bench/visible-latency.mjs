import { percentile } from './measure.mjs';
import { request } from './http.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Light traffic as a user sees it: one create every `1000 / rate` ms for one user, and after
 * each, `GET /stats` back to back until it counts the new todo. Latency = visible − sent,
 * every sample counted, the first after start included.
 */
export async function visibleLatency({ apiUrl, statsUrl, user, rate = 1, samples = 60 }) {
  const stats = () => request(`${statsUrl}/stats`, { token: user.token });
  let total = (await stats()).total;
  const fromSend = [];
  const fromAck = [];
  const start = performance.now();
  for (let i = 0; i < samples; i += 1) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const sentAt = performance.now();
    let ackedAt;
    const write = request(`${apiUrl}/todos`, {
      method: 'POST',
      token: user.token,
      body: { title: `light ${i}` },
    }).then(() => {
      ackedAt = performance.now();
    });
    total += 1;
    while ((await stats()).total < total) await sleep(1);
    const visibleAt = performance.now();
    await write;
    fromSend.push(visibleAt - sentAt);
    fromAck.push(visibleAt - ackedAt);
  }
  const first = fromSend[0];
  fromSend.sort((a, b) => a - b);
  fromAck.sort((a, b) => a - b);
  return {
    rate,
    samples,
    first,
    p50: percentile(fromSend, 50),
    p99: percentile(fromSend, 99),
    max: fromSend.at(-1),
    fromAckP50: percentile(fromAck, 50),
    fromAckP99: percentile(fromAck, 99),
  };
}
