import { clientOf, subjectOf } from '../src/domain/throttle-subjects';

describe('the throttle subjects', () => {
  it('a client is its IPv4 address, also when written as IPv4-mapped IPv6', () => {
    expect(clientOf('203.0.113.7')).toBe('203.0.113.7');
    expect(clientOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('an IPv6 client is its /64, however the address is written', () => {
    const spellings = ['2001:db8:0:1::1', '2001:0db8:0000:0001:ffff::9', '2001:DB8:0:1:a:b:c:d'];

    expect(new Set(spellings.map(clientOf))).toEqual(new Set(['2001:db8:0:1::/64']));
    expect(clientOf('2001:db8:0:2::1')).not.toBe(clientOf('2001:db8:0:1::1'));
    expect(clientOf('::1')).toBe('0:0:0:0::/64');
    expect(clientOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('an address express could not tell is one shared client', () => {
    expect(clientOf(undefined)).toBe('unknown');
  });

  it('a name counts regardless of case, and the parts cannot run into each other', () => {
    expect(subjectOf('Alice', '203.0.113.7')).toBe(subjectOf('alice', '203.0.113.7'));
    expect(subjectOf('a', 'b,c')).not.toBe(subjectOf('a,b', 'c'));
  });
});
