import { parseDue } from '../src/due-date.js';

describe('parseDue', () => {
  const now = new Date(2025, 0, 31, 10, 0);

  it('takes a date as the end of that local day', () => {
    expect(parseDue('2025-06-30', now)).toBe(new Date(2025, 5, 30, 23, 59, 59).toISOString());
  });

  it('takes today and tomorrow, across a month end', () => {
    expect(parseDue('today', now)).toBe(new Date(2025, 0, 31, 23, 59, 59).toISOString());
    expect(parseDue('tomorrow', now)).toBe(new Date(2025, 1, 1, 23, 59, 59).toISOString());
  });

  it('takes a date and time as local time, unless it has Z or an offset', () => {
    expect(parseDue('2025-06-30T17:00', now)).toBe(new Date(2025, 5, 30, 17, 0).toISOString());
    expect(parseDue('2025-06-30T17:00Z', now)).toBe('2025-06-30T17:00:00.000Z');
    expect(parseDue('2025-06-30T17:00:00+02:00', now)).toBe('2025-06-30T15:00:00.000Z');
  });

  it.each(['next week', '2025-02-30', '30/06/2025', '2025-06-30 17:00', ''])(
    'refuses "%s" with a usage error that says what it takes',
    (text) => {
      expect(() => parseDue(text, now)).toThrow(/^--due takes today, tomorrow, a date/);
    },
  );
});
