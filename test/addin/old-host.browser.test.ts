import { describe, expect, it } from 'vitest';
import type { FakeInit } from './fake-excel/browser.js';
import { chromiumAvailable } from './fake-excel/harness.js';
import { useServedPane } from './fake-excel/suite.js';

/**
 * The built taskpane.html in Chromium: addin/old-host.js is inlined and runs first. With Office 2019's
 * Internet Explorer 11 user agent it shows "needs a newer Office" and hides the pane; as itself, Chromium
 * gets the pane and no message. (The Chromium-is-installed check and its CI rule are in taskpane.browser.test.ts.)
 */
const IE11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; ms-office; MSOffice 16) like Gecko';

describe.runIf(chromiumAvailable())('the old-host message in the built pane', { timeout: 120_000 }, () => {
  const pane = useServedPane('atoz-old-host-');

  it('Internet Explorer 11 (by its user agent): the message, in the page\'s first script, and no pane', async () => {
    const context = await pane.browser.newContext({ userAgent: IE11, locale: 'zh-TW' });
    try {
      const page = await context.newPage();
      await page.goto(`${pane.site.origin}/taskpane.html`);
      const message = page.locator('#atoz-old-host');
      expect(await message.getAttribute('role')).toBe('alert');
      expect(await message.textContent()).toMatch(/^A-to-z 索賠衛士需要更新版本的 Office/);
      expect(await page.locator('#root').isHidden()).toBe(true);
      expect(await page.evaluate(() => document.body.firstElementChild?.id)).toBe('atoz-old-host');
    } finally {
      await context.close();
    }
  });

  it('Chromium as itself: the pane, and no message', async () => {
    const context = await pane.browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.addInitScript((value) => (window.__ATOZ_FAKE_INIT__ = value), { timeZone: 'UTC', sheets: [{ name: 'Orders', rows: [['order-id']] }] } satisfies FakeInit);
      await page.goto(`${pane.site.origin}/taskpane.html`);
      await page.getByTestId('flag-button').waitFor();
      expect(await page.locator('#atoz-old-host').count()).toBe(0);
      expect(await page.locator('#root').isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
