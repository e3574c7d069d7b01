/// <reference types="office-js" />
import type { ExcelHost } from './host.js';
import { OPTIONAL_EXCEL_API } from './requirements.js';

/**
 * Keeps Excel from recalculating and repainting while the statuses are written. Where the calculation
 * mode can be set (ExcelApi 1.8) it is Manual for the whole run and restored at the end; before that,
 * API calculation is suspended sync by sync (1.6). Screen updating is suspended sync by sync (1.9).
 */
export class WriteSpeed {
  private readonly canSetMode: boolean;
  private readonly canSuspendScreen: boolean;
  private original: Excel.CalculationMode | 'Automatic' | 'AutomaticExceptTables' | 'Manual' | undefined;
  private readonly application: Excel.Application;

  constructor(context: Excel.RequestContext, host: ExcelHost) {
    this.application = context.workbook.application;
    this.canSetMode = host.supportsExcelApi(OPTIONAL_EXCEL_API.calculationModeSet);
    this.canSuspendScreen = host.supportsExcelApi(OPTIONAL_EXCEL_API.suspendScreenUpdating);
    if (this.canSetMode) this.application.load('calculationMode');
  }

  /** Before each sync that writes. */
  beforeWriteSync(): void {
    if (this.canSetMode) {
      this.original ??= this.application.calculationMode;
      this.application.calculationMode = 'Manual';
    } else {
      this.application.suspendApiCalculationUntilNextSync();
    }
    if (this.canSuspendScreen) this.application.suspendScreenUpdatingUntilNextSync();
  }

  /** Queued with the last sync (or a sync of its own after a failure): the user's mode comes back. */
  queueRestore(): boolean {
    if (!this.canSetMode || this.original === undefined) return false;
    this.application.calculationMode = this.original;
    return true;
  }
}
