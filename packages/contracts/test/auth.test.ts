import { Email } from '../src/auth';

describe('Email', () => {
  it('refuses an address with more than 64 characters before the @', () => {
    const long = `${'a'.repeat(65)}@example.com`;

    expect(Email.safeParse(long).success).toBe(false);
    expect(Email.safeParse(`${'a'.repeat(64)}@example.com`).success).toBe(true);
  });
});
