import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { productionManifest } from '../../addin/production-manifest.js';
import { staticHandler } from '../../addin/static-server.js';
import { OFFICE_JS_SOURCES } from '../../addin/vite.config.js';
import { workerUrlFromQuery } from '../../addin/taskpane/sync/worker-url.js';
import { buildTaskpane } from './fake-excel/harness.js';

/** Deploying for a team: `npm run manifest` for real addresses, and `npm run build:addin:prod`'s static files. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA = join(ROOT, 'test/fixtures/office-manifest-xsd/OfficeAppManifestV1_1.xsd');
const TEMPLATE = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');
const TEAM = { paneUrl: 'https://addins.example.com/atoz/', workerUrl: 'https://atoz-worker.example.com:8443/', supportUrl: 'https://example.com/atoz/help?lang=en&from=excel' };

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'atoz-deploy-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function xmllint(file: string): { ok: boolean; output: string } {
  const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint is needed to validate the manifest (${run.error.message}): apt-get install -y libxml2-utils`);
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

describe('npm run manifest: the manifest for a team\'s addresses', () => {
  it('validates against the Office schema and points everything at the team\'s addresses', () => {
    const xml = productionManifest(TEMPLATE, TEAM);
    const file = join(tempDir(), 'manifest.xml');
    writeFileSync(file, xml);
    expect(xmllint(file)).toMatchObject({ ok: true });
    expect(xml).not.toContain('localhost');
    const taskpane = 'https://addins.example.com/atoz/taskpane.html?worker=https%3A%2F%2Fatoz-worker.example.com%3A8443';
    expect(xml).toContain(`<SourceLocation DefaultValue="${taskpane}"/>`);
    expect(xml).toContain(`<bt:Url id="Taskpane.Url" DefaultValue="${taskpane}"/>`);
    expect(xml).toContain('<SupportUrl DefaultValue="https://example.com/atoz/help?lang=en&amp;from=excel"/>');
    expect(xml).toContain('<bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="https://example.com/atoz/help?lang=en&amp;from=excel"/>');
    expect(xml).toMatch(/<AppDomains>\s*<AppDomain>https:\/\/addins\.example\.com<\/AppDomain>\s*<AppDomain>https:\/\/atoz-worker\.example\.com:8443<\/AppDomain>\s*<\/AppDomains>/);
    expect([...xml.matchAll(/https:\/\/addins\.example\.com\/atoz\/assets\/icon-(\d+)\.png/g)].map((m) => m[1]).sort()).toEqual(['16', '32', '32', '64', '80']);
    // The id, version, texts and requirements stay those of manifest.xml.
    for (const kept of [/<Id>[^<]+<\/Id>/, /<Version>[^<]+<\/Version>/, /<Set Name="ExcelApi" MinVersion="[^"]+"\/>/, /<bt:LongStrings>[\s\S]*<\/bt:LongStrings>/]) {
      expect(xml.match(kept)![0]).toBe(TEMPLATE.match(kept)![0]);
    }
  });

  it('the pane reads the worker from its address: the Connect panel starts with it', () => {
    const source = /<SourceLocation DefaultValue="([^"]+)"/.exec(productionManifest(TEMPLATE, TEAM))![1]!;
    // Office adds its own parameters to the address it opens.
    const opened = new URL(`${source}&_host_Info=Excel$Win32$16.01$en-US`);
    expect(workerUrlFromQuery(opened.search)).toBe('https://atoz-worker.example.com:8443');
    expect(workerUrlFromQuery('?worker=http%3A%2F%2F10.0.0.5%3A3001')).toBeUndefined();
    expect(workerUrlFromQuery('?_host_Info=Excel')).toBeUndefined();
  });

  it('refuses addresses Office or the pane cannot use: not https, this computer, a pane URL with a query', () => {
    expect(() => productionManifest(TEMPLATE, { ...TEAM, paneUrl: 'http://addins.example.com/' })).toThrow('--pane-url: "http://addins.example.com/" is not https');
    expect(() => productionManifest(TEMPLATE, { ...TEAM, workerUrl: 'http://10.0.0.5:3001' })).toThrow('--worker-url: "http://10.0.0.5:3001" is not https');
    expect(() => productionManifest(TEMPLATE, { ...TEAM, supportUrl: 'ftp://example.com/help' })).toThrow('--support-url');
    expect(() => productionManifest(TEMPLATE, { ...TEAM, workerUrl: 'atoz-worker.example.com' })).toThrow('is not a URL');
    expect(() => productionManifest(TEMPLATE, { ...TEAM, paneUrl: 'https://localhost:3000/' })).toThrow('is this computer');
    expect(() => productionManifest(TEMPLATE, { ...TEAM, paneUrl: 'https://addins.example.com/?x=1' })).toThrow('without ? or #');
  });

  it('as a command: writes and validates the file, exit 0; exit 2 and a reason for an http address', () => {
    const out = join(tempDir(), 'team-manifest.xml');
    const args = ['--import', 'tsx', 'addin/write-manifest.ts', '--pane-url', TEAM.paneUrl, '--worker-url', TEAM.workerUrl, '--support-url', TEAM.supportUrl];
    const written = spawnSync(process.execPath, [...args, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);
    expect(written.stdout).toContain(`manifest written to ${out}, valid against the Office add-in manifest schema`);
    expect(written.stdout).toContain('ATOZ_CORS_ORIGINS=https://addins.example.com');
    expect(readFileSync(out, 'utf8')).toBe(productionManifest(TEMPLATE, TEAM));

    const refused = spawnSync(process.execPath, [...args.slice(0, 4), 'http://addins.example.com/', ...args.slice(5), '--out', join(tempDir(), 'no.xml')], { cwd: ROOT, encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--pane-url: "http://addins.example.com/" is not https');
  });
});

describe('npm run build:addin:prod: static files any HTTPS host serves', () => {
  it('office.js from Microsoft\'s CDN, every other address relative: served from a sub-folder, each one is found', { timeout: 180_000 }, async () => {
    const out = tempDir();
    await buildTaskpane(out, 'cdn');
    const server = createServer(staticHandler([{ prefix: '/atoz/', dir: out }], { index: '/atoz/taskpane.html' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/atoz/`;
    try {
      for (const page of ['taskpane.html', 'help.html']) {
        const html = readFileSync(join(out, page), 'utf8');
        const addresses = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
        expect(addresses.length).toBeGreaterThan(0);
        for (const address of addresses) {
          if (address === OFFICE_JS_SOURCES.cdn) continue;
          expect(address, `${page}: ${address}`).toMatch(/^\.\//);
          expect((await fetch(new URL(address, `${base}${page}`))).status, `${page}: ${address}`).toBe(200);
        }
      }
      expect(readFileSync(join(out, 'taskpane.html'), 'utf8')).toContain(`<script src="${OFFICE_JS_SOURCES.cdn}"></script>`);
      // The icons the manifest names, where it names them.
      for (const size of [16, 32, 64, 80]) expect(existsSync(join(out, `assets/icon-${size}.png`))).toBe(true);
    } finally {
      server.close();
    }
  });
});
