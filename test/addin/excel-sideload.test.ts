import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sideloadPlan, type SideloadFacts } from '../../addin/excel-sideload.js';

/** `npm run start:excel` / `stop:excel`: what runs, and what is said when something it needs is missing. */
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const facts = (over: Partial<SideloadFacts>): SideloadFacts => ({
  command: 'start',
  platform: 'win32',
  cli: '/p/node_modules/office-addin-debugging/cli.js',
  paneServed: true,
  paneUrl: 'https://localhost:3000/taskpane.html',
  ...over,
});

describe('sideloading into desktop Excel', () => {
  it('office-addin-debugging is an optional dependency, with start:excel and stop:excel beside each other', () => {
    expect(PACKAGE.optionalDependencies?.['office-addin-debugging']).toMatch(/^\^7\./);
    expect(PACKAGE.devDependencies['office-addin-debugging']).toBeUndefined();
    expect(PACKAGE.scripts['start:excel']).toBe('tsx addin/excel-sideload.ts start');
    expect(PACKAGE.scripts['stop:excel']).toBe('tsx addin/excel-sideload.ts stop');
    // No download at run time: the version is the one package.json names.
    expect(Object.values(PACKAGE.scripts).join('\n')).not.toMatch(/npx --yes office-addin-debugging/);
  });

  it('runs office-addin-debugging on Windows and macOS with npm start serving the pane', () => {
    expect(sideloadPlan(facts({}))).toEqual({ kind: 'run', args: ['/p/node_modules/office-addin-debugging/cli.js', 'start', 'manifest.xml', 'desktop', '--app', 'excel', '--no-debug'] });
    expect(sideloadPlan(facts({ platform: 'darwin', command: 'stop', paneServed: false }))).toEqual({
      kind: 'run',
      args: ['/p/node_modules/office-addin-debugging/cli.js', 'stop', 'manifest.xml', 'desktop'],
    });
  });

  it('says what is missing: npm start not running, the optional package not installed, no desktop Excel here', () => {
    expect(sideloadPlan(facts({ paneServed: false }))).toMatchObject({
      kind: 'refuse',
      exitCode: 1,
      message: expect.stringMatching(/run npm start in another terminal first .*npm run certs:install/),
    });
    expect(sideloadPlan(facts({ cli: undefined }))).toMatchObject({ kind: 'refuse', exitCode: 1, message: expect.stringContaining('office-addin-debugging is not installed') });
    expect(sideloadPlan(facts({ platform: 'linux' }))).toMatchObject({ kind: 'refuse', exitCode: 2, message: expect.stringContaining('Upload My Add-in') });
  });
});
