import { columnLetter } from '../../../shared/sheet/address.js';
import { FormulaEvaluator, isExcelError, type EvalClock, type Scalar } from './formulas.js';
import { contains, type ChartModel, type FakeSheet, type FakeWorkbook } from './workbook.js';

/**
 * Draws a fake sheet as an HTML page that looks like Excel's grid: formulas evaluated, number formats
 * applied, bold, hidden columns left out, conditional-format colours where a rule is true now, and the
 * sheet's charts as stacked columns. For screenshots and for eyes; the test asserts on the model.
 */
export interface RenderOptions {
  maxRows?: number;
  /** Only these columns (0-based), e.g. to keep a wide data sheet readable. */
  columns?: number[];
  title?: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
const pad = (n: number) => String(n).padStart(2, '0');

/** A serial as the date/time Excel shows for it (serials are wall-clock days since 1899-12-30). */
function serialText(serial: number, format: string, dateSystem: 1900 | 1904): string {
  const days = dateSystem === 1904 ? serial + 1462 : serial;
  const d = new Date(Math.round((days - 25_569) * 86_400_000));
  // yyyy-mm-dd, or yyyy/m/d (the Chinese sheets' format).
  const date = format.startsWith('yyyy/m/d')
    ? `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()}`
    : `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return format.includes('hh') ? `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : date;
}

export function displayText(value: Scalar, format: string, dateSystem: 1900 | 1904): string {
  if (isExcelError(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (format.startsWith('yyyy')) return serialText(value, format, dateSystem);
  if (format === '0') return String(Math.round(value));
  if (format === '0.00%') return `${(value * 100).toFixed(2)}%`;
  return String(Number(value.toPrecision(10)));
}

export function renderSheetHtml(book: FakeWorkbook, sheet: FakeSheet, clock: EvalClock, options: RenderOptions = {}): string {
  const evaluator = new FormulaEvaluator(book, clock);
  const used = sheet.usedRect();
  const lastRow = Math.min(used.r2, (options.maxRows ?? 60) - 1);
  const columns = (options.columns ?? range(0, used.c2)).filter((c) => !sheet.hiddenColumns.has(c));
  const width = (c: number) => Math.round((sheet.columnWidths.get(c) ?? 64 * 0.75) / 0.75);

  const rows: string[] = [];
  rows.push(`<tr><th class="corner"></th>${columns.map((c) => `<th style="width:${width(c)}px">${columnLetter(c)}</th>`).join('')}</tr>`);
  for (let r = 0; r <= lastRow; r++) {
    const values = columns.map((c) => evaluator.cellValue(sheet, r, c));
    const cells = columns.map((c, i) => {
      const value = values[i]!;
      const format = sheet.numberFormatAt(r, c);
      // Like Excel, text runs on over the next cell when that one is empty.
      const spills = typeof value === 'string' && values[i + 1] === '';
      const classes = [typeof value === 'number' ? 'num' : 'text', spills ? 'spill' : '', sheet.isBold(r, c) ? 'bold' : ''].filter(Boolean).join(' ');
      const style = ruleStyle(sheet, evaluator, r, c);
      return `<td class="${classes}"${style}>${escapeHtml(displayText(value, format, book.dateSystem))}</td>`;
    });
    rows.push(`<tr><th>${r + 1}</th>${cells.join('')}</tr>`);
  }
  const charts = sheet.charts.map((chart) => chartSvg(chart, sheet, evaluator)).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(options.title ?? sheet.name)}</title><style>${CSS}</style></head>
<body><div class="tab">${escapeHtml(sheet.name)}</div><div class="sheet"><table>${rows.join('\n')}</table>${charts}</div></body></html>`;
}

/** The first of the sheet's rules over this cell that is true now gives its colours. */
function ruleStyle(sheet: FakeSheet, evaluator: FormulaEvaluator, r: number, c: number): string {
  for (const cf of sheet.conditionalFormats) {
    if (cf.type !== 'Custom' || !contains(cf.rect, r, c)) continue;
    const truth = evaluator.evaluate(cf.formula, sheet, { rows: r - cf.rect.r1, columns: c - cf.rect.c1 });
    if (truth === true || (typeof truth === 'number' && truth !== 0)) {
      return ` style="background:${cf.fill ?? 'transparent'};color:${cf.fontColor ?? 'inherit'}"`;
    }
  }
  return '';
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const SERIES_COLOURS = ['#4472C4', '#ED7D31', '#A5A5A5', '#FFC000', '#5B9BD5', '#70AD47', '#264478', '#9E480E'];

/** A stacked column chart of the source table: categories down its first column, a series per column after. */
function chartSvg(chart: ChartModel, sheet: FakeSheet, evaluator: FormulaEvaluator): string {
  const { r1, c1, r2, c2 } = chart.source;
  const series = range(c1 + 1, c2).map((c) => String(evaluator.cellValue(sheet, r1, c)));
  const categories = range(r1 + 1, r2).map((r) => ({
    name: String(evaluator.cellValue(sheet, r, c1)),
    values: range(c1 + 1, c2).map((c) => Number(evaluator.cellValue(sheet, r, c)) || 0),
  }));
  const max = Math.max(1, ...categories.map((cat) => cat.values.reduce((a, b) => a + b, 0)));
  const [w, h, left, bottom, top] = [520, 300, 40, 96, 36];
  const slot = (w - left - 10) / Math.max(1, categories.length);
  const scale = (h - bottom - top) / max;
  const bars = categories
    .map((cat, i) => {
      let y = h - bottom;
      const x = left + i * slot + slot * 0.2;
      const stacks = cat.values
        .map((v, s) => {
          if (v === 0) return '';
          y -= v * scale;
          return `<rect x="${x}" y="${y}" width="${slot * 0.6}" height="${v * scale}" fill="${SERIES_COLOURS[s % SERIES_COLOURS.length]}"/>`;
        })
        .join('');
      const label = `<text x="${x + slot * 0.3}" y="${h - bottom + 12}" transform="rotate(35 ${x + slot * 0.3} ${h - bottom + 12})" class="axis">${escapeHtml(cat.name)}</text>`;
      return stacks + label;
    })
    .join('');
  let legendX = left;
  const legend = series
    .map((name, s) => {
      const x = legendX;
      legendX += 24 + name.length * 5.5; // 10px font: about 5.5px a character
      return `<rect x="${x}" y="${h - 14}" width="10" height="10" fill="${SERIES_COLOURS[s % SERIES_COLOURS.length]}"/><text x="${x + 14}" y="${h - 5}" class="axis">${escapeHtml(name)}</text>`;
    })
    .join('');
  const axis = `<line x1="${left}" y1="${h - bottom}" x2="${w - 10}" y2="${h - bottom}" stroke="#bfbfbf"/><text x="${left - 6}" y="${top + 4}" text-anchor="end" class="axis">${max}</text><text x="${left - 6}" y="${h - bottom}" text-anchor="end" class="axis">0</text>`;
  return `<figure class="chart" data-chart="${escapeHtml(chart.name)}"><svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><text x="${w / 2}" y="20" text-anchor="middle" class="title">${escapeHtml(chart.title)}</text>${axis}${bars}${legend}</svg></figure>`;
}

const CSS = `
body { margin: 0; font: 11pt Calibri, Carlito, "Segoe UI", Arial, sans-serif; background: #fff; color: #000; }
.tab { display: inline-block; margin: 6px 8px 0; padding: 3px 14px; border: 1px solid #c6c6c6; border-bottom: 2px solid #217346; color: #217346; font-weight: 600; background: #fff; }
.sheet { display: flex; gap: 16px; align-items: flex-start; padding: 0 8px 8px; border-top: 1px solid #c6c6c6; }
table { border-collapse: collapse; table-layout: fixed; }
th { background: #f3f3f3; color: #444; font-weight: normal; border: 1px solid #d4d4d4; padding: 1px 4px; font-size: 10pt; min-width: 28px; }
td { border: 1px solid #e1e1e1; padding: 1px 4px; white-space: nowrap; overflow: hidden; text-overflow: clip; max-width: 420px; height: 18px; }
td.num { text-align: right; }
td.spill { overflow: visible; position: relative; z-index: 1; }
td.bold { font-weight: bold; }
.chart { margin: 24px 0 0; border: 1px solid #d9d9d9; background: #fff; }
.chart .title { font-size: 14px; fill: #404040; }
.chart .axis { font-size: 10px; fill: #595959; }
`;
