import { randomBytes } from 'node:crypto';
import { open, seal } from '../src';

const key = randomBytes(32).toString('base64');
const forAnn = ['user-ann', 'password_reset_requested:user-ann:3'];

/** The sealed value with its tag cut to `bytes`. */
function withTagOf(sealed: string, bytes: number) {
  const [iv, body, tag] = sealed.split('.');
  const short = Buffer.from(tag ?? '', 'base64url').subarray(0, bytes);
  return [iv, body, short.toString('base64url')].join('.');
}

describe('a sealed box', () => {
  it('opens with the same key and the same associated data', () => {
    expect(open(seal('t0k+n', key, forAnn), key, forAnn)).toBe('t0k+n');
  });

  it('does not open for another user', () => {
    const sealed = seal('t0k+n', key, forAnn);

    expect(() => open(sealed, key, ['user-bob', 'password_reset_requested:user-ann:3'])).toThrow();
  });

  it('does not open for another event of the same user', () => {
    const sealed = seal('t0k+n', key, forAnn);

    expect(() => open(sealed, key, ['user-ann', 'password_reset_requested:user-ann:4'])).toThrow();
  });

  it('rejects a truncated tag, although a GCM tag can be shortened and still match', () => {
    const sealed = seal('t0k+n', key, forAnn);

    expect(() => open(withTagOf(sealed, 12), key, forAnn)).toThrow('Malformed sealed value');
    expect(() => open(withTagOf(sealed, 4), key, forAnn)).toThrow('Malformed sealed value');
  });
});
