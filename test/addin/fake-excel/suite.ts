import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildAndServe, launchChromium, type Site } from './harness.js';

/**
 * For a browser suite: before it, the task pane and the fake Excel built into a temp dir and served, and
 * Chromium started; after it, all of that closed and removed. Read `site` and `browser` inside tests.
 */
export function useServedPane(tempPrefix: string): { readonly site: Site; readonly browser: Browser } {
  let workDir: string | undefined;
  let site: Site | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), tempPrefix));
    [site, browser] = await Promise.all([buildAndServe(workDir), launchChromium()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });
  return {
    get site() {
      if (!site) throw new Error('the served pane is only there inside the suite');
      return site;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is only there inside the suite');
      return browser;
    },
  };
}
