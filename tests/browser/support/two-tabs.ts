// One user in two browser contexts (two devices): what one does shows in the other, live.
import type { Browser, Page } from 'playwright-core';
import { logInInPage, registerInPage } from './browser';
import { expect } from './expect-page';

const LIVE_MS = 1_000;

export interface TwoTabsResult {
  /** From Enter in one page to the todo in the other's list. */
  appearedAfterMs: number;
  /** From the click in the second page to the first page's stats counting it completed. */
  statsAfterMs: number;
}

export async function twoTabsOfOneUser(browser: Browser, origin: string): Promise<TwoTabsResult> {
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const one = await first.newPage();
    const two = await second.newPage();
    const user = await registerInPage(one, origin);
    await logInInPage(two, origin, user);
    await Promise.all([liveIn(one), liveIn(two)]);
    const title = `live from the first device ${Date.now()}`;

    await one.locator('.new-todo').fill(title);
    const added = Date.now();
    await one.locator('.new-todo').press('Enter');
    const inTwo = two.locator('.todo-list li:not(.pending)', { hasText: title });
    await expect.toHaveCount(inTwo, 1, LIVE_MS);
    const appearedAfterMs = Date.now() - added;

    const completed = Date.now();
    await inTwo.locator('.toggle').check();
    await expect.toHaveClass(one.locator('.todo-list li', { hasText: title }), /completed/);
    await Promise.all([completedStat(one, 1), completedStat(two, 1)]);
    return { appearedAfterMs, statsAfterMs: Date.now() - completed };
  } finally {
    await first.close();
    await second.close();
  }
}

const liveIn = (page: Page) => expect.toHaveTexts(page.locator('.live-state'), ['Live'], 10_000);

const completedStat = (page: Page, count: number) =>
  expect.toHaveTexts(page.locator('[data-stat="completed"]'), [String(count)], 10_000);
