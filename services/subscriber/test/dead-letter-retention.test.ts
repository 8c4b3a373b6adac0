import { retain, secondsLeft, type IndexedLetter } from '../src/domain/dead-letter-retention';

const retention = { ttlSeconds: 3600, maxLetters: 3 };
const now = new Date('2026-11-27T12:00:00.000Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
const entry = (key: string, expiresInMinutes: number): IndexedLetter => ({
  key,
  expiresAt: at(expiresInMinutes),
});

describe('keeping dead letters', () => {
  it('adds a letter to the end of the index, expiring after the TTL', () => {
    const { kept, evicted } = retain([entry('a', 10)], 'b', now, retention);

    expect(kept).toEqual([entry('a', 10), entry('b', 60)]);
    expect(evicted).toEqual([]);
  });

  it('drops the letters that have expired, and names them for deletion', () => {
    const { kept, evicted } = retain([entry('old', -1), entry('a', 10)], 'b', now, retention);

    expect(kept.map((e) => e.key)).toEqual(['a', 'b']);
    expect(evicted).toEqual(['old']);
  });

  it('beyond the cap, evicts the oldest letters', () => {
    const index = [entry('a', 1), entry('b', 2), entry('c', 3)];

    const { kept, evicted } = retain(index, 'd', now, retention);

    expect(kept.map((e) => e.key)).toEqual(['b', 'c', 'd']);
    expect(evicted).toEqual(['a']);
  });

  it('with nothing added, only drops the expired ones (a read)', () => {
    const { kept } = retain([entry('old', 0), entry('a', 1)], undefined, now, retention);

    expect(kept.map((e) => e.key)).toEqual(['a']);
  });
});

describe('rewriting a dead letter', () => {
  it('keeps the time it has left, so a replay does not extend it', () => {
    const letter = { deadLetteredAt: at(-30) };

    expect(secondsLeft(letter, now, retention)).toBe(1800);
  });

  it('gives a letter past its time one second, the least a TTL can be', () => {
    expect(secondsLeft({ deadLetteredAt: at(-120) }, now, retention)).toBe(1);
  });
});
