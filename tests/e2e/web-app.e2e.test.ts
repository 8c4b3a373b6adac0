import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium, registerInPage } from '../browser/support/browser';
import { expect as expectPage } from '../browser/support/expect-page';
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

  it('shows what `todo add` creates in the terminal in the browser within 1 s', async () => {
    const { origin } = runningSystem();
    const context = await browser.newContext();
    const page = await context.newPage();
    const user = await registerInPage(page, origin);
    await expectPage.toHaveTexts(page.locator('.live-state'), ['Live'], 10_000);
    const env = {
      PATH: process.env.PATH ?? '',
      TODO_API: origin,
      XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'todo-e2e-')),
    };
    const main = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'main.js');
    const todo = (...args: string[]) =>
      promisify(execFile)(process.execPath, [main, ...args], { env });
    const login = execFile(process.execPath, [main, 'login', user.username, '--password-stdin'], {
      env,
    });
    login.stdin?.end(user.password);
    await new Promise((resolve, reject) =>
      login.on('close', (code) =>
        code === 0 ? resolve(code) : reject(new Error(`login: ${code}`)),
      ),
    );
    const title = `from the terminal ${Date.now()}`;

    await todo('add', title);
    const added = Date.now();
    await expectPage.toHaveCount(page.locator('.todo-list li', { hasText: title }), 1, 1_000);

    expect(Date.now() - added).toBeLessThan(1_000);
    await context.close();
  });
});
