import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build, type InlineConfig } from 'vite';
import { staticHandler, type StaticMount } from '../../../addin/static-server.js';

/**
 * The Node side of the browser test and the benchmark: builds the task pane and the fake Excel bundle,
 * serves them on 127.0.0.1 (the fake where the pane loads office.js), and starts Debian's Chromium
 * through playwright-core. Never a downloaded browser.
 */
export const CHROMIUM = '/usr/bin/chromium';
const ADDIN_VITE_CONFIG = fileURLToPath(new URL('../../../addin/vite.config.ts', import.meta.url));
const FAKE_ENTRY = fileURLToPath(new URL('./browser.ts', import.meta.url));

const PRODUCTION: InlineConfig = { mode: 'production', logLevel: 'error' };

/**
 * Runs a build with these environment variables. Vite and plugin-react pick production or development
 * output from NODE_ENV, which vitest sets to "test" (that gives React's jsxDEV, absent in production).
 */
async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The task pane as `npm run build:addin` builds it (office.js local; `cdn`: as `build:addin:prod`), into `outDir`. */
export async function buildTaskpane(outDir: string, officeJs: 'local' | 'cdn' = 'local'): Promise<void> {
  await withEnv({ NODE_ENV: 'production', ATOZ_OFFICE_JS: officeJs }, () =>
    build({ ...PRODUCTION, configFile: ADDIN_VITE_CONFIG, build: { outDir, emptyOutDir: true } }),
  );
}

/** The fake Excel host as one classic script, `<outDir>/office.js`. */
export async function buildFakeExcel(outDir: string): Promise<void> {
  await withEnv({ NODE_ENV: 'production' }, () => buildFakeBundle(outDir));
}

async function buildFakeBundle(outDir: string): Promise<void> {
  await build({
    ...PRODUCTION,
    configFile: false,
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'es2022',
      lib: { entry: FAKE_ENTRY, formats: ['iife'], name: 'AtozFakeExcel', fileName: () => 'office.js' },
    },
  });
}

export interface Site {
  origin: string;
  close(): Promise<void>;
}

/** Serves the pane at `/`, the fake at `/office-js/`, and any extra mounts (benchmark data). */
export async function serve(taskpaneDir: string, fakeExcelDir: string, extra: StaticMount[] = []): Promise<Site> {
  const server = createServer(staticHandler([{ prefix: '/office-js/', dir: fakeExcelDir }, ...extra, { prefix: '/', dir: taskpaneDir }]));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Builds both bundles into `workDir` (`taskpane/`, `office-js/`) and serves them. */
export async function buildAndServe(workDir: string, extra: StaticMount[] = []): Promise<Site> {
  const taskpaneDir = join(workDir, 'taskpane');
  const fakeDir = join(workDir, 'office-js');
  // One after the other: both builds change process.env while they run.
  await buildTaskpane(taskpaneDir);
  await buildFakeExcel(fakeDir);
  return serve(taskpaneDir, fakeDir, extra);
}
