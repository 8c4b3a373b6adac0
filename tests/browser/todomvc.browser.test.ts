import type { Browser, Page } from 'playwright-core';
import { expect as expectPage } from './support/expect-page';
import { cspViolations, launchChromium, registerInPage } from './support/browser';
import { startFakeOrigin } from './support/fake-origin';

// TodoMVC's app-spec.md, on the app's todo view (the server is the store).
describe('the todo view follows the TodoMVC application specification', () => {
  let origin: Awaited<ReturnType<typeof startFakeOrigin>>;
  let browser: Browser;
  let page: Page;
  let violations: string[];

  beforeAll(async () => {
    origin = await startFakeOrigin();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await origin.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage();
    violations = cspViolations(page);
    await registerInPage(page, origin.url);
  });
  afterEach(async () => {
    expect(violations).toEqual([]);
    await page.close();
  });

  const newTodo = () => page.locator('.new-todo');
  const items = () => page.locator('.todo-list li');
  const add = async (...titles: string[]) => {
    for (const title of titles) {
      await newTodo().fill(title);
      await newTodo().press('Enter');
    }
  };
  const { toHaveTexts, toHaveCount, toBeHidden, toHaveClass } = expectPage;

  it('focuses the new-todo input, and hides #main and #footer while there are no todos', async () => {
    expect(await newTodo().evaluate((input) => input === input.ownerDocument.activeElement)).toBe(
      true,
    );

    await toBeHidden(page.locator('.main'));
    await toBeHidden(page.locator('.footer'));
  });

  it('adds on Enter, trims the title, clears the input and appends to the bottom', async () => {
    await add('  buy some cheese  ', 'feed the cat');
    const cleared = await newTodo().inputValue();
    await add('   ');

    await toHaveTexts(items().locator('label'), ['buy some cheese', 'feed the cat']);
    expect(cleared).toBe('');
    expect(await page.locator('.main').isVisible()).toBe(true);
    expect(await page.locator('.footer').isVisible()).toBe(true);
  });

  it('counts the items left, pluralised, in a <strong>', async () => {
    const count = page.locator('.todo-count');

    await add('one');
    await toHaveTexts(count, ['1 item left']);
    await add('two');
    await toHaveTexts(count, ['2 items left']);
    await items().nth(0).locator('.toggle').check();
    await items().nth(1).locator('.toggle').check();
    await toHaveTexts(count, ['0 items left']);
    expect(await count.locator('strong').textContent()).toBe('0');
  });

  it('marks all complete and clears them again with toggle-all, which follows the items', async () => {
    await add('one', 'two', 'three');
    await toHaveCount(page.locator('.todo-list li:not(.pending)'), 3);

    await page.locator('#toggle-all').check({ force: true });
    await toHaveCount(page.locator('.todo-list li.completed'), 3);
    await page.locator('#toggle-all').uncheck({ force: true });
    await toHaveCount(page.locator('.todo-list li.completed'), 0);
    for (const item of await items().all()) await item.locator('.toggle').check();

    expect(await page.locator('#toggle-all').isChecked()).toBe(true);
    await items().nth(0).locator('.toggle').uncheck();
    expect(await page.locator('#toggle-all').isChecked()).toBe(false);
  });

  it('edits on double-click, saves trimmed on Enter and on blur, and hides the other controls', async () => {
    await add('one', 'two', 'three');

    await items().nth(1).locator('label').dblclick();
    await toHaveClass(items().nth(1), /editing/);
    expect(await items().nth(1).locator('.toggle').isVisible()).toBe(false);
    expect(await items().nth(1).locator('label').isVisible()).toBe(false);
    expect(await items().nth(1).locator('.edit').inputValue()).toBe('two');
    await items().nth(1).locator('.edit').fill('  buy some sausages  ');
    await items().nth(1).locator('.edit').press('Enter');
    await items().nth(2).locator('label').dblclick();
    await items().nth(2).locator('.edit').fill('on blur');
    await newTodo().click();

    await toHaveTexts(items().locator('label'), ['one', 'buy some sausages', 'on blur']);
    await toHaveCount(page.locator('.todo-list li.editing'), 0);
  });

  it('cancels an edit on Escape, and deletes the todo when the title is emptied', async () => {
    await add('one', 'two');

    await items().nth(0).locator('label').dblclick();
    await items().nth(0).locator('.edit').fill('changed my mind');
    await items().nth(0).locator('.edit').press('Escape');
    await items().nth(1).locator('label').dblclick();
    await items().nth(1).locator('.edit').fill('   ');
    await items().nth(1).locator('.edit').press('Enter');

    await toHaveTexts(items().locator('label'), ['one']);
  });

  it('shows Clear completed only when something is completed, and removes those', async () => {
    await add('one', 'two', 'three');
    await toBeHidden(page.locator('.clear-completed'));

    await items().nth(1).locator('.toggle').check();
    await toHaveTexts(page.locator('.clear-completed'), ['Clear completed']);
    await page.locator('.clear-completed').click();

    await toHaveTexts(items().locator('label'), ['one', 'three']);
    await toBeHidden(page.locator('.clear-completed'));
    expect(await page.locator('#toggle-all').isChecked()).toBe(false);
  });

  it('filters on #/active and #/completed, highlights the filter, and follows the back button', async () => {
    await add('one', 'two', 'three');
    await items().nth(1).locator('.toggle').check();

    await page.getByRole('link', { name: 'Active' }).click();
    await toHaveTexts(items().locator('label'), ['one', 'three']);
    await toHaveClass(page.locator('.filters a[href="#/active"]'), /selected/);
    await page.getByRole('link', { name: 'Completed' }).click();
    await toHaveTexts(items().locator('label'), ['two']);
    await page.goBack();
    await toHaveTexts(items().locator('label'), ['one', 'three']);
    // Checked on #/active, it leaves the list at once (so a click, not check(), which re-reads it).
    await items().nth(0).locator('.toggle').click();
    await toHaveTexts(items().locator('label'), ['three']);
    await page.getByRole('link', { name: 'All' }).click();
    await toHaveTexts(items().locator('label'), ['one', 'two', 'three']);
    await toHaveClass(page.locator('.filters a[href="#/"]'), /selected/);
  });

  it('keeps the todos and the filter over a reload, since the server is the store', async () => {
    await add('one', 'two');
    await toHaveCount(page.locator('.todo-list li:not(.pending)'), 2);
    const saved = page.waitForResponse((response) => response.request().method() === 'PATCH');
    await items().nth(0).locator('.toggle').check();
    await saved;

    await page.goto(`${origin.url}/#/completed`);

    await toHaveTexts(page.locator('.todo-list li label'), ['one']);
    await toHaveClass(page.locator('.filters a[href="#/completed"]'), /selected/);
  });

  it('shows an overdue todo as overdue', async () => {
    await page.locator('#new-todo-due').fill('2020-01-02T03:04');
    await add('file the taxes');

    await toHaveClass(items().nth(0), /overdue/);
    await toHaveTexts(items().nth(0).locator('.due'), [/^Overdue: /]);
  });

  it('adds a todo with the priority chosen, and shows it unless normal', async () => {
    await page.getByLabel('Priority').selectOption('high');
    await add('call the bank');
    await add('water the plants');

    await toHaveTexts(page.locator('.todo-list li .priority'), ['High priority']);
    expect(await page.getByLabel('Priority').inputValue()).toBe('normal');
  });
});
