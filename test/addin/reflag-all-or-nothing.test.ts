import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectExcel } from '../../addin/excel/index.js';
import { RUN_CALCULATION_MODE_KEY } from '../../addin/excel/write-speed.js';
import { mockHost, type WorkbookModel } from './mock-excel/index.js';
import { rowsOfText, workbookOf } from './sheets.js';

/** Issue 10, point 5: a re-flag changes our colour rules all at once, and the workbook gets its calculation mode back. */
const EXAMPLE = readFileSync(fileURLToPath(new URL('../../examples/orders-and-claims.csv', import.meta.url)), 'utf8');
const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');
const CLOCK = 'Asia/Shanghai';
const ours = (model: WorkbookModel) => model.sheets[0]!.conditionalFormats.filter((cf) => cf.formula.includes('N("atoz-guard")'));

async function flaggedOnce(): Promise<{ model: WorkbookModel; ruleIds: number[] }> {
  const model = workbookOf(rowsOfText(EXAMPLE));
  await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF });
  const ruleIds = ours(model).map((cf) => cf.id);
  expect(ruleIds.length).toBeGreaterThan(0);
  return { model, ruleIds };
}

describe('re-flagging is all or nothing for our colour rules', () => {
  it('a re-flag cancelled after its first chunk leaves the old rules', async () => {
    const { model, ruleIds } = await flaggedOnce();
    const controller = new AbortController();
    const run = connectExcel(mockHost(model, CLOCK)).flagRows({
      asOf: AS_OF,
      chunkRows: 3,
      signal: controller.signal,
      onProgress: (done) => done >= 3 && controller.abort(),
    });
    await expect(run).rejects.toThrow();
    expect(ours(model).map((cf) => cf.id)).toEqual(ruleIds);
  });

  it('a re-flag whose Excel sync fails mid-run leaves the old rules', async () => {
    const { model, ruleIds } = await flaggedOnce();
    const before = model.syncs;
    let failed = false;
    model.beforeSync = (sync) => {
      if (sync === before + 4 && !failed && (failed = true)) throw Object.assign(new Error('GeneralException: the request failed'), { code: 'GeneralException' });
    };
    await expect(connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF, chunkRows: 3 })).rejects.toThrow('GeneralException');
    expect(model.calculationMode).toBe('Automatic');
    expect(ours(model).map((cf) => cf.id)).toEqual(ruleIds);
  });

  it('a finished re-flag replaces them in its last sync, with no duplicates', async () => {
    const { model, ruleIds } = await flaggedOnce();
    const result = await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF, chunkRows: 3 });
    expect(result.rulesReplaced).toBe(ruleIds.length);
    expect(ours(model)).toHaveLength(ruleIds.length);
    expect(ours(model).some((cf) => ruleIds.includes(cf.id))).toBe(false);
  });
});

describe('calculation mode during a run', () => {
  it('remembers the mode in the workbook before Manual, restores it at the end and forgets the record', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    model.calculationMode = 'AutomaticExceptTables';
    const seen: { mode: string; record: unknown }[] = [];
    model.beforeSync = () => void seen.push({ mode: model.calculationMode, record: model.settings.get(RUN_CALCULATION_MODE_KEY) });
    await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF, chunkRows: 3 });
    // Whenever the workbook was in Manual, the user's mode was already saved in the document.
    const manual = seen.filter((s) => s.mode === 'Manual');
    expect(manual.length).toBeGreaterThan(1);
    for (const s of manual) expect(s.record).toBe('AutomaticExceptTables');
    expect(model.calculationMode).toBe('AutomaticExceptTables');
    expect(model.settings.has(RUN_CALCULATION_MODE_KEY)).toBe(false);
  });

  it('a pane closed mid-run: the next load of the pane restores the mode', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    let hung = false;
    model.beforeSync = (sync) => {
      if (sync === 5) {
        hung = true;
        return new Promise<void>(() => undefined); // the pane is gone: nothing runs after this
      }
    };
    void connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF, chunkRows: 3 });
    await vi_waitFor(() => hung);
    expect(model.calculationMode).toBe('Manual');
    expect(model.settings.get(RUN_CALCULATION_MODE_KEY)).toBe('Automatic');

    model.beforeSync = undefined;
    const restored = await connectExcel(mockHost(model, CLOCK)).restoreInterruptedRun();
    expect(restored).toBe('Automatic');
    expect(model.calculationMode).toBe('Automatic');
    expect(model.settings.has(RUN_CALCULATION_MODE_KEY)).toBe(false);
    // Nothing to do on the next load.
    expect(await connectExcel(mockHost(model, CLOCK)).restoreInterruptedRun()).toBeUndefined();
  });

  it('a run after an interrupted one keeps the recorded mode, not the Manual it finds', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    model.calculationMode = 'Manual'; // left behind by a run cut short
    model.settings.set(RUN_CALCULATION_MODE_KEY, 'Automatic');
    await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF });
    expect(model.calculationMode).toBe('Automatic');
  });

  it('restores the mode when the run is cancelled', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    const controller = new AbortController();
    const run = connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF, chunkRows: 3, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toThrow();
    expect(model.calculationMode).toBe('Automatic');
    expect(model.settings.has(RUN_CALCULATION_MODE_KEY)).toBe(false);
  });
});

async function vi_waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}
