import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The soffice binary, or undefined when LibreOffice is not installed (CI installs it: libreoffice-calc). */
export function findSoffice(): string | undefined {
  for (const name of ['soffice', 'libreoffice']) {
    try {
      execFileSync('which', [name], { stdio: 'pipe' });
      return name;
    } catch {
      // try the next name
    }
  }
  return undefined;
}

/** A private LibreOffice profile that recalculates every formula of an .xlsx on load (OOXMLRecalcMode 0 = always). */
function recalculatingProfile(dir: string): string {
  mkdirSync(join(dir, 'user'), { recursive: true });
  writeFileSync(
    join(dir, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  return `file://${dir}`;
}

export interface Recalculated {
  /** The workbook as LibreOffice saved it after recalculating, with every formula's result cached. */
  bytes: Buffer;
  /** The instants just before and just after LibreOffice ran: its NOW() lies between them. */
  startedAt: number;
  finishedAt: number;
}

/**
 * Opens `xlsx` in headless LibreOffice Calc with the clock of `timeZone` (its NOW() and TODAY()),
 * recalculates everything and saves it back as .xlsx.
 */
export async function recalculateWithLibreOffice(soffice: string, xlsx: Uint8Array, timeZone: string): Promise<Recalculated> {
  const dir = mkdtempSync(join(tmpdir(), 'atoz-lo-'));
  try {
    const input = join(dir, 'book.xlsx');
    const outDir = join(dir, 'out');
    writeFileSync(input, xlsx);
    const profile = recalculatingProfile(join(dir, 'profile'));
    const startedAt = Date.now();
    await run(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--nolockcheck', '--convert-to', 'xlsx', '--outdir', outDir, input], {
      env: { ...process.env, TZ: timeZone },
      timeout: 180_000,
    });
    const finishedAt = Date.now();
    return { bytes: readFileSync(join(outDir, basename(input))), startedAt, finishedAt };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
