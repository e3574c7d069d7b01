/**
 * `npm run start:excel` / `npm run stop:excel`: sideloads manifest.xml into desktop Excel (Windows or
 * macOS) with Microsoft's office-addin-debugging, or removes it again. office-addin-debugging is an
 * optional dependency: its keytar needs libsecret to build on Linux, where npm skips it (and where there
 * is no desktop Excel). The pane must already be served: `npm start` in another terminal.
 *
 *   npm run start:excel     npm run stop:excel
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { get } from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type SideloadCommand = 'start' | 'stop';

export interface SideloadFacts {
  command: SideloadCommand;
  platform: NodeJS.Platform;
  /** office-addin-debugging's CLI script, when npm installed it. */
  cli: string | undefined;
  /** Whether the task pane answers at the manifest's address (only asked for `start`). */
  paneServed: boolean;
  paneUrl: string;
}

export type SideloadPlan = { kind: 'run'; args: string[] } | { kind: 'refuse'; message: string; exitCode: number };

/** What to do, from the facts: run office-addin-debugging, or say what is missing and how to get it. Pure. */
export function sideloadPlan(facts: SideloadFacts): SideloadPlan {
  if (facts.platform !== 'win32' && facts.platform !== 'darwin') {
    return {
      kind: 'refuse',
      exitCode: 2,
      message: `npm run ${facts.command}:excel sideloads into desktop Excel, which runs on Windows and macOS only. Here, use Excel on the web: Insert → Add-ins → Upload My Add-in, then choose manifest.xml (README, walkthrough).`,
    };
  }
  if (!facts.cli) {
    return {
      kind: 'refuse',
      exitCode: 1,
      message: 'office-addin-debugging is not installed (an optional dependency: npm skips it when its keytar cannot be built). Run npm install again and read its messages, or install it with npm install --no-save office-addin-debugging@7.',
    };
  }
  if (facts.command === 'start' && !facts.paneServed) {
    return {
      kind: 'refuse',
      exitCode: 1,
      message: `the task pane does not answer at ${facts.paneUrl}: run npm start in another terminal first (desktop Excel also needs its certificate trusted: npm run certs:install).`,
    };
  }
  // The pane is served by `npm start`, not by office-addin-debugging: --dev-server none.
  return { kind: 'run', args: facts.command === 'start' ? [facts.cli, 'start', 'manifest.xml', 'desktop', '--app', 'excel', '--no-debug'] : [facts.cli, 'stop', 'manifest.xml', 'desktop'] };
}

function debuggingCli(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const manifest = require.resolve('office-addin-debugging/package.json');
    const bin = (require(manifest) as { bin?: string | Record<string, string> }).bin;
    const script = typeof bin === 'string' ? bin : bin?.['office-addin-debugging'];
    return script ? join(dirname(manifest), script) : undefined;
  } catch {
    return undefined;
  }
}

/** Any HTTPS answer counts (the development certificate need not be trusted by Node for this question). */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(url, { rejectUnauthorized: false, timeout: 3000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'start' && command !== 'stop') {
    console.error('usage: tsx addin/excel-sideload.ts start|stop');
    process.exitCode = 2;
    return;
  }
  const paneUrl = `https://localhost:${process.env.ATOZ_ADDIN_PORT || 3000}/taskpane.html`;
  const cli = debuggingCli();
  const plan = sideloadPlan({ command, platform: process.platform, cli, paneUrl, paneServed: command === 'start' && cli !== undefined ? await answers(paneUrl) : false });
  if (plan.kind === 'refuse') {
    console.error(`${command}:excel: ${plan.message}`);
    process.exitCode = plan.exitCode;
    return;
  }
  const child = spawn(process.execPath, plan.args, { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
  child.on('exit', (code) => (process.exitCode = code ?? 1));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
