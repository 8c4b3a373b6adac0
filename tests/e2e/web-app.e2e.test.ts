import type { Browser } from 'playwright-core';
import { launchChromium } from '../browser/support/browser';
import { twoTabsOfOneUser } from '../browser/support/two-tabs';
import { stopStoreVariants } from './support/store-variants';
import { runningSystem } from './support/system';

// The web app on the real stack, through the one origin (web): two browser contexts of one
// user, as two devices.
describe('the web app at the origin', () => {
  let browser: Browser;

  beforeAll(async () => {
    // web must reach one todo-api (see the helper).
    await stopStoreVariants();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('shows a todo added on one device on the other within 1 s, and completing it there updates both stats panels', async () => {
    const { appearedAfterMs, statsAfterMs } = await twoTabsOfOneUser(
      browser,
      runningSystem().origin,
    );

    expect(appearedAfterMs).toBeLessThan(1_000);
    expect(statsAfterMs).toBeLessThan(10_000);
  });
});
