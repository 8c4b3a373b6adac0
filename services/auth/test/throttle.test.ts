import { memoryStateApi } from '@todo-dapr/platform/testing';
import { createThrottleStore } from '../src/dapr/throttle-store';
import { createThrottle } from '../src/domain/throttle';
import type { Limit } from '../src/domain/throttle-schedule';

const limit: Limit = {
  name: 'login-failures',
  allowed: 5,
  windowSeconds: 900,
  backoff: { firstSeconds: 5, maxSeconds: 900 },
};

function throttleAt(start = 1_000_000) {
  let now = start;
  const memory = memoryStateApi(() => now);
  const throttle = createThrottle(createThrottleStore(memory.state), () => now);
  return { throttle, memory, advance: (ms: number) => (now += ms) };
}

const outcome = (attempt: Promise<void>) =>
  attempt.then(
    () => 'passed',
    (error: unknown) => (error as { status: number }).status,
  );

describe('the throttle on the state store', () => {
  it('counts a burst of parallel attempts exactly: no more pass than the limit allows', async () => {
    const { throttle } = throttleAt();

    const answers = await Promise.all(
      Array.from({ length: 8 }, () => outcome(throttle.enforce([limit, 'alice']))),
    );

    expect(answers.filter((answer) => answer === 'passed')).toHaveLength(5);
    expect(answers.filter((answer) => answer === 429)).toHaveLength(3);
  });

  it('refuses attempts beyond ten at once on one counter, as a flood, for a second', async () => {
    const { throttle } = throttleAt();
    const roomy: Limit = { name: 'login-client', allowed: 1000, windowSeconds: 900 };

    const answers = await Promise.all(
      Array.from({ length: 12 }, () => outcome(throttle.enforce([roomy, '203.0.113.1']))),
    );

    expect(answers.filter((answer) => answer === 'passed')).toHaveLength(10);
    expect(answers.filter((answer) => answer === 429)).toHaveLength(2);
  });

  it('refuses with 429 and the seconds to wait in Retry-After', async () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 5; i += 1) await throttle.enforce([limit, 'bob']);

    const refused = throttle.enforce([limit, 'bob']);

    await expect(refused).rejects.toMatchObject({
      status: 429,
      code: 'AUTH.TOO_MANY_ATTEMPTS',
      headers: { 'Retry-After': '5' },
    });
  });

  it('keeps counters under hashed keys with a TTL, and removes them when they expire', async () => {
    const { throttle, memory, advance } = throttleAt();
    await throttle.enforce([limit, 'carol@example.com']);

    const [key, row] = [...memory.rows][0] ?? [];
    advance(900_001);

    expect(key).toMatch(/^throttle:login-failures:[\w-]{43}$/);
    expect(key).not.toContain('carol');
    expect(row?.expiresAt).toBe(1_000_000 + 900_000);
    expect(await memory.state.get('auth-store', key ?? '')).toBeUndefined();
  });

  it('forgets a counter on request, as a successful login does', async () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 5; i += 1) await throttle.enforce([limit, 'dave']);

    await throttle.forget(limit, 'dave');

    await expect(throttle.enforce([limit, 'dave'])).resolves.toBeUndefined();
  });
});
