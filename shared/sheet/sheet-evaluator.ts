import type { ColumnMap } from '../columns/map-header.js';
import type { Locale } from '../i18n/locales.js';
import type { Policy } from '../policy/schema.js';
import { RowBuilder } from '../report/row-builder.js';
import { rowDays } from '../rules/days.js';
import { evaluateRow } from '../rules/evaluate.js';
import { OdrAccumulator } from '../rules/odr-summary.js';
import type { OdrSummary, RowError } from '../schemas/statuses.js';
import type { ExcelDateSystem } from '../time/excel-serial.js';
import type { DateOrder } from '../time/parse.js';
import { SheetRowCells, type SheetCell } from './row-cells.js';

export interface SheetEvaluatorOptions {
  policy: Policy;
  /** The columns of the rows handed to `evaluate` (as `mapHeader` gives them). */
  columns: ColumnMap;
  asOf: number;
  clockZone: string;
  dateSystem: ExcelDateSystem;
  dateOrder?: DateOrder | undefined;
  /** The workbook's language for the status cells (default en). */
  language?: Locale;
}

/**
 * Turns sheet rows (cells as text, chunk after chunk, in sheet order) into the plan's cells: each row
 * built and evaluated by the shared engine, its errors kept, the ODR summary accumulated.
 */
export class SheetEvaluator {
  readonly errors: RowError[] = [];
  rowsEvaluated = 0;
  /** Milliseconds spent in the engine (row building, rules, sheet cells). */
  engineMs = 0;
  private readonly builder: RowBuilder;
  private readonly cells: SheetRowCells;
  private odr: OdrAccumulator | undefined;

  constructor(private readonly options: SheetEvaluatorOptions) {
    const { policy, dateOrder, dateSystem, clockZone, language } = options;
    this.builder = new RowBuilder(options.columns, { policy, dateOrder, excelDateSystem: dateSystem });
    this.cells = new SheetRowCells({ policy, clockZone, dateSystem, ...(language ? { language } : {}) });
  }

  /** The plan cells of `rows`, the first of which is sheet line `firstLine`. Blank rows stay blank. */
  evaluate(rows: readonly (readonly string[])[], firstLine: number): SheetCell[][] {
    const started = performance.now();
    const { policy, asOf } = this.options;
    const out: SheetCell[][] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const cells = rows[i]!;
      const line = firstLine + i;
      if (cells.every((cell) => cell.trim() === '')) {
        out[i] = this.cells.blank();
        continue;
      }
      const built = this.builder.build(cells, line);
      if (Array.isArray(built)) {
        this.errors.push(...built);
        out[i] = this.cells.cellsOf({ line, errors: built });
        continue;
      }
      const days = rowDays(built, asOf);
      (this.odr ??= new OdrAccumulator(policy, asOf, policy.timeZone ?? built.timeZone)).add(built, days);
      out[i] = this.cells.cellsOf({ line, row: built, days, result: evaluateRow(built, policy, asOf, line, days) });
      this.rowsEvaluated++;
    }
    this.engineMs += performance.now() - started;
    return out;
  }

  summary(): OdrSummary {
    const { policy, asOf } = this.options;
    return (this.odr ?? new OdrAccumulator(policy, asOf, policy.timeZone ?? policy.defaultTimeZone)).summary();
  }

  /** Notes for the user, such as ids Excel turned into 5.8E+13. */
  warnings(): string[] {
    return [...this.builder.mangled].map(
      ([header, seen]) =>
        `${seen.count} value${seen.count > 1 ? 's' : ''} in "${header}" (first on row ${seen.firstLine}, e.g. ${seen.example}) were turned into numbers by Excel and lost digits; they were not used to match order lines`,
    );
  }
}
