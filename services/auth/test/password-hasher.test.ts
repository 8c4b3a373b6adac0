import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../src/domain/password-hasher';

describe('the password hasher', () => {
  it('verifies the password it hashed, and refuses any other', async () => {
    const hash = await hashPassword('correct horse battery staple');

    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
  });

  it('stores scheme, parameters and a fresh salt, never the password', async () => {
    const [first, second] = await Promise.all([
      hashPassword('same password!'),
      hashPassword('same password!'),
    ]);

    expect(first).toMatch(/^scrypt\$16384\$8\$5\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('same password');
  });

  it('refuses everything against the unknown-user hash', async () => {
    expect(await verifyPassword('', UNKNOWN_USER_HASH)).toBe(false);
    expect(await verifyPassword('anything at all', UNKNOWN_USER_HASH)).toBe(false);
  });

  it('refuses a stored value of another scheme', async () => {
    expect(await verifyPassword('x', 'bcrypt$2b$10$abc')).toBe(false);
  });
});
