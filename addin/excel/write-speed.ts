/// <reference types="office-js" />
import type { ExcelHost, WorkbookSettings } from './host.js';
import { OPTIONAL_EXCEL_API } from './requirements.js';

/**
 * Keeps Excel from recalculating and repainting while the statuses are written.
 *
 * - Where the calculation mode can be set (ExcelApi 1.8) it is Manual for the whole run. The user's
 *   mode is first written into the workbook (document settings, RUN_CALCULATION_MODE_KEY) so that a run
 *   cut short (the pane closed, Excel crashed) is undone the next time the pane loads
 *   (restoreInterruptedRun). Before 1.8, API calculation is suspended sync by sync (1.6), as that call
 *   only lasts until the next sync.
 * - Screen updating is suspended once per run (1.9): Microsoft warns that calling
 *   suspendScreenUpdatingUntilNextSync repeatedly makes the Excel window flicker
 *   (https://learn.microsoft.com/javascript/api/excel/excel.application#excel-excel-application-suspendscreenupdatinguntilnextsync-member(1)).
 */
export const RUN_CALCULATION_MODE_KEY = 'atoz.run.calculationMode';

type Mode = `${Excel.CalculationMode}`;
const MODES: readonly string[] = ['Automatic', 'AutomaticExceptTables', 'Manual'];
const isMode = (value: unknown): value is Mode => typeof value === 'string' && MODES.includes(value);

export class WriteSpeed {
  private readonly canSetMode: boolean;
  private readonly canSuspendScreen: boolean;
  private original: Mode | undefined;
  private screenSuspended = false;
  private readonly application: Excel.Application;

  /** Queues loading the calculation mode (read after the next sync by `begin`). */
  constructor(
    context: Excel.RequestContext,
    private readonly host: ExcelHost,
  ) {
    this.application = context.workbook.application;
    this.canSetMode = host.supportsExcelApi(OPTIONAL_EXCEL_API.calculationModeSet);
    this.canSuspendScreen = host.supportsExcelApi(OPTIONAL_EXCEL_API.suspendScreenUpdating);
    if (this.canSetMode) this.application.load('calculationMode');
  }

  /**
   * After the sync that loaded the mode, before the first write: remembers the user's mode in the
   * workbook (saved before Manual is queued, so no run leaves Manual behind unrecorded).
   */
  async begin(): Promise<void> {
    if (!this.canSetMode) return;
    const mode = this.application.calculationMode as string;
    // A run that was cut short left Manual behind and its record: the user's mode is the recorded one.
    const recorded = this.host.settings.get(RUN_CALCULATION_MODE_KEY);
    this.original = isMode(recorded) ? recorded : isMode(mode) ? mode : 'Automatic';
    this.host.settings.set(RUN_CALCULATION_MODE_KEY, this.original);
    await this.host.settings.save();
  }

  /** Before each sync that writes. */
  beforeWriteSync(): void {
    if (this.canSetMode) {
      if (this.original !== undefined) this.application.calculationMode = 'Manual';
    } else {
      this.application.suspendApiCalculationUntilNextSync();
    }
    if (this.canSuspendScreen && !this.screenSuspended) {
      this.application.suspendScreenUpdatingUntilNextSync();
      this.screenSuspended = true;
    }
  }

  /** Queued with the last sync (or a sync of its own after a failure): the user's mode comes back. */
  queueRestore(): boolean {
    if (!this.canSetMode || this.original === undefined) return false;
    this.application.calculationMode = this.original;
    return true;
  }

  /** After the restoring sync: the record is no longer needed. */
  async forget(): Promise<void> {
    if (this.original === undefined) return;
    this.original = undefined;
    await forgetRunMode(this.host.settings);
  }
}

async function forgetRunMode(settings: WorkbookSettings): Promise<void> {
  settings.remove(RUN_CALCULATION_MODE_KEY);
  await settings.save();
}

/**
 * On the pane's load: a run that never finished (the pane was closed mid-run) left the workbook in
 * Manual calculation; its record in the document settings gives the user's mode back. Returns the
 * mode restored, if any.
 */
export async function restoreInterruptedRun(host: ExcelHost): Promise<Mode | undefined> {
  await host.settings.refresh();
  const recorded = host.settings.get(RUN_CALCULATION_MODE_KEY);
  if (recorded === undefined || recorded === null) return undefined;
  if (!isMode(recorded) || !host.supportsExcelApi(OPTIONAL_EXCEL_API.calculationModeSet)) {
    await forgetRunMode(host.settings);
    return undefined;
  }
  await host.run(async (context) => {
    context.workbook.application.calculationMode = recorded;
    await context.sync();
  });
  await forgetRunMode(host.settings);
  return recorded;
}
