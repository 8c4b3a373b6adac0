import { createLoginThrottle } from '../src/domain/login-throttle';

function throttleAt(start = 0) {
  let now = start;
  const throttle = createLoginThrottle({
    failuresPerUsername: 3,
    attemptsPerClient: 10,
    windowMs: 60_000,
    now: () => now,
  });
  return { throttle, advance: (ms: number) => (now += ms) };
}

describe('the login throttle', () => {
  it('after the allowed failures for a username, blocks it with the seconds left', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.check('alice', `10.0.0.${i}`)).toBeUndefined();
      throttle.recordFailure('Alice');
    }
    advance(15_000);

    expect(throttle.check('ALICE', '10.0.0.9')).toBe(45);
  });

  it('opens again when the window has passed', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('bob');

    advance(60_001);

    expect(throttle.check('bob', '10.0.0.1')).toBeUndefined();
  });

  it('forgets the failures after a successful login', () => {
    const { throttle } = throttleAt();
    throttle.recordFailure('carol');
    throttle.recordFailure('carol');

    throttle.recordSuccess('carol');
    throttle.recordFailure('carol');

    expect(throttle.check('carol', '10.0.0.1')).toBeUndefined();
  });

  it('limits attempts per client address across usernames', () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 10; i += 1) expect(throttle.check(`user-${i}`, '10.9.9.9')).toBeUndefined();

    expect(throttle.check('someone-new', '10.9.9.9')).toBe(60);
    expect(throttle.check('someone-new', '10.9.9.8')).toBeUndefined();
  });
});
