import { retryLostRaces } from '../src/domain/lost-race-retry';

describe('retryLostRaces', () => {
  afterEach(() => jest.useRealTimers());

  it('answers what the first attempt that commits gives', async () => {
    const answers = [undefined, undefined, 'committed'];

    const result = await retryLostRaces(() => Promise.resolve(answers.shift()));

    expect(result).toBe('committed');
    expect(answers).toEqual([]);
  });

  it('gives up after 200 lost races', async () => {
    jest.useFakeTimers();
    let attempts = 0;

    const lost = () => {
      attempts += 1;
      return Promise.resolve(undefined);
    };

    const result = retryLostRaces<string>(lost);
    await jest.runAllTimersAsync();

    expect(await result).toBeUndefined();
    expect(attempts).toBe(200);
  });
});
