import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN_EXCEL_API } from '../../addin/excel/requirements.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MANIFEST = join(ROOT, 'manifest.xml');
const SCHEMA = join(ROOT, 'test/fixtures/office-manifest-xsd/OfficeAppManifestV1_1.xsd');
const manifest = readFileSync(MANIFEST, 'utf8');

function xmllint(file: string): { ok: boolean; output: string } {
  const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
  if (run.error) {
    throw new Error(`xmllint is needed to validate manifest.xml and was not found (${run.error.message}). Install it: apt-get install -y libxml2-utils`);
  }
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

describe('manifest.xml', () => {
  it('validates offline against the Office add-in manifest schema', () => {
    const result = xmllint(MANIFEST);
    expect(result.output).toContain('validates');
    expect(result.ok).toBe(true);
  });

  it('is refused by the same check when broken (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atoz-manifest-'));
    const broken = join(dir, 'manifest.xml');
    writeFileSync(broken, manifest.replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>ReadWrite</Permissions>'));
    expect(xmllint(broken).ok).toBe(false);
  });

  it('is an Excel task pane with write access, opened from a Home-tab button', () => {
    expect(manifest).toMatch(/xsi:type="TaskPaneApp"/);
    expect(manifest).toMatch(/<Host Name="Workbook"\/>/);
    expect(manifest).toMatch(/<Permissions>ReadWriteDocument<\/Permissions>/);
    expect(manifest).toMatch(/<OfficeTab id="TabHome">/);
    expect(manifest).toMatch(/<Action xsi:type="ShowTaskpane">/);
    expect(manifest).toMatch(/<SourceLocation DefaultValue="https:\/\/localhost:3000\/taskpane.html"\/>/);
  });

  it('asks for the ExcelApi set the glue needs, no more', () => {
    expect(manifest).toContain(`<Set Name="ExcelApi" MinVersion="${MIN_EXCEL_API}"/>`);
  });

  it('has English by default and Simplified and Traditional Chinese for every text', () => {
    expect(manifest).toContain('<DefaultLocale>en-US</DefaultLocale>');
    const texts = [...manifest.matchAll(/<(DisplayName|Description|bt:String)\b[^>]*>([\s\S]*?)<\/\1>/g)];
    expect(texts.length).toBeGreaterThanOrEqual(7);
    for (const [, , body] of texts) {
      expect(body).toMatch(/Locale="zh-CN"/);
      expect(body).toMatch(/Locale="zh-TW"/);
    }
  });

  it('points at icons that exist in addin/assets with the sizes it declares', () => {
    const icons = [...manifest.matchAll(/https:\/\/localhost:3000\/assets\/icon-(\d+)\.png/g)].map((m) => Number(m[1]));
    expect(new Set(icons)).toEqual(new Set([16, 32, 64, 80]));
    for (const size of new Set(icons)) {
      const png = readFileSync(join(ROOT, `addin/assets/icon-${size}.png`));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });
});

