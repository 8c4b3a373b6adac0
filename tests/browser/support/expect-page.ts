// Retrying assertions on a page (playwright-core has no `expect` of its own).
import type { Locator } from 'playwright-core';

const TIMEOUT_MS = 5_000;

async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = TIMEOUT_MS,
) {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`${what}, still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const matches = (text: string, expected: string | RegExp) =>
  typeof expected === 'string'
    ? text.replace(/\s+/g, ' ').trim() === expected
    : expected.test(text);

export const expect = {
  toHaveTexts: (locator: Locator, expected: (string | RegExp)[], timeoutMs?: number) =>
    until(
      () => locator.allTextContents(),
      (texts) =>
        texts.length === expected.length && texts.every((t, i) => matches(t, expected[i] ?? '')),
      `expected the texts ${String(expected)}`,
      timeoutMs,
    ),
  toHaveCount: (locator: Locator, count: number, timeoutMs?: number) =>
    until(
      () => locator.count(),
      (n) => n === count,
      `expected ${count} elements`,
      timeoutMs,
    ),
  toBeHidden: (locator: Locator) =>
    until(
      () => locator.isVisible(),
      (visible) => !visible,
      'expected it hidden',
    ),
  toHaveClass: (locator: Locator, pattern: RegExp) =>
    until(
      async () => (await locator.getAttribute('class')) ?? '',
      (classes) => pattern.test(classes),
      `expected a class matching ${String(pattern)}`,
    ),
};
