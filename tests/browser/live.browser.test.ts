import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, registerInPage } from './support/browser';
import { startFakeOrigin } from './support/fake-origin';
import { twoTabsOfOneUser } from './support/two-tabs';

describe('two devices of one user, on the stand-in origin', () => {
  let origin: Awaited<ReturnType<typeof startFakeOrigin>>;
  let browser: Browser;

  beforeAll(async () => {
    origin = await startFakeOrigin();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await origin.stop();
  });

  it('shows a todo added in one in the other within 1 s, and both stats panels count it completed there', async () => {
    const { appearedAfterMs } = await twoTabsOfOneUser(browser, origin.url);

    expect(appearedAfterMs).toBeLessThan(1_000);
  });

  it('fits a phone-sized screen without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await registerInPage(page, origin.url);
    await page.locator('.new-todo').fill('fits on a phone');
    await page.locator('.new-todo').press('Enter');
    await page.locator('.todo-list li:not(.pending)').waitFor();

    const overflow = Number(
      await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      ),
    );

    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  // `npm run screenshot` points SCREENSHOT_PATH at docs/screenshot.png, the README's.
  it('renders the README screenshot: todos, one overdue and one done, stats and Live', async () => {
    const path =
      process.env.SCREENSHOT_PATH ??
      join(__dirname, '..', '..', '.data', 'browser', 'screenshot.png');
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    await registerInPage(page, origin.url);
    await page.locator('#new-todo-due').fill('2024-03-01T09:00');
    for (const title of [
      'Renew the passport',
      'Write the release notes',
      'Water the plants',
      'Book the dentist',
    ]) {
      await page.locator('.new-todo').fill(title);
      await page.locator('.new-todo').press('Enter');
    }
    await page.locator('.todo-list li:not(.pending)').nth(3).waitFor();
    await page.locator('.todo-list li .toggle').nth(2).check();
    await page.locator('[data-stat="completed"]', { hasText: '1' }).waitFor();
    await page.locator('.live-state', { hasText: 'Live' }).waitFor();
    await page.locator('.new-todo').fill('Buy oat milk');
    mkdirSync(dirname(path), { recursive: true });

    await page.screenshot({ path });
    await page.close();

    expect(statSync(path).size).toBeGreaterThan(10_000);
  });
});
