// playwright-core driving Debian's Chromium (scripts/chromium installs it when missing).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `There is no Chromium at ${executablePath}: run \`npm run provision\` (it installs Debian's chromium), or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export const newUser = () => ({
  username: `user_${randomUUID().slice(0, 8)}`,
  password: 'a long and lovely passphrase',
});

/** Registers through the app's own form, which then logs in. */
export async function registerInPage(page: Page, origin: string, user = newUser()) {
  await page.goto(origin);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('E-mail').fill(`${user.username}@example.com`);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Register and log in' }).click();
  await page.locator('input.new-todo').waitFor();
  return user;
}

export async function logInInPage(
  page: Page,
  origin: string,
  user: { username: string; password: string },
) {
  await page.goto(origin);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.locator('input.new-todo').waitFor();
}

/** Every CSP violation the page reports, to assert there are none. */
export function cspViolations(page: Page) {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}
