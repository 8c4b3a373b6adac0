import { createPublishedEvents } from '../src/domain/published-events';

describe('the events this process saw published', () => {
  it('are remembered', () => {
    const published = createPublishedEvents();

    published.add('e1');

    expect([published.has('e1'), published.has('e2')]).toEqual([true, false]);
  });

  it('forget the oldest past their limit', () => {
    const published = createPublishedEvents(2);

    for (const id of ['e1', 'e2', 'e3']) published.add(id);

    expect(['e1', 'e2', 'e3'].map(published.has)).toEqual([false, true, true]);
  });
});
