import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { STATUS_COLUMNS } from '../../shared/output/columns.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = readFileSync(new URL('../../examples/orders-and-claims.csv', import.meta.url), 'utf8');

/** `npm run -s example > out.csv`, as the README says: standard output is the CSV and nothing else (no npm banner). */
describe('npm run -s example', () => {
  it('prints a CSV whose header is the example sheet’s columns plus the status columns', { timeout: 60_000 }, async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'example'], { cwd: ROOT, encoding: 'utf8' });
    expect(stdout.startsWith('\uFEFF')).toBe(true); // the BOM, first: Excel then reads it as UTF-8
    const parsed = Papa.parse<string[]>(stdout.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const input = Papa.parse<string[]>(EXAMPLE, { skipEmptyLines: true }).data;
    const [header, ...rows] = parsed.data;
    expect(header).toEqual([...input[0]!, ...STATUS_COLUMNS]);
    expect(rows).toHaveLength(input.length - 1);
    for (const [i, row] of rows.entries()) {
      expect(row).toHaveLength(header!.length);
      expect(row.slice(0, input[0]!.length)).toEqual(input[i + 1]);
    }
  });
});
