import { columnIndex } from '../../../shared/sheet/address.js';
import type { CellValue, FakeSheet, FakeWorkbook, Rect } from './workbook.js';

/**
 * A small Excel formula evaluator, just big enough to show the dashboard with its numbers and the
 * data sheet with its colours in the fake host: numbers, text, TRUE/FALSE, references (`B3`, `$X2`,
 * `'Orders'!$X$2:$X$11`), + - * / & and comparisons, and the functions the sheet plan writes (NOW,
 * TODAY, AND, OR, NOT, IF, ISNUMBER, N, SUM, COUNTIF, COUNTIFS). Not a spreadsheet engine: the real
 * formulas are checked in LibreOffice by test/sheet/; this renders and spot-checks them in the browser.
 */
type Scalar = number | string | boolean | ExcelError;
type Value = Scalar | RangeRef;

class ExcelError {
  constructor(readonly code: string) {}
  toString(): string {
    return this.code;
  }
}

interface RangeRef {
  kind: 'range';
  sheet: FakeSheet;
  rect: Rect;
}

type Node =
  | { kind: 'literal'; value: Scalar }
  | { kind: 'ref'; sheet?: string; r1: number; c1: number; r2: number; c2: number; absRow: [boolean, boolean]; absCol: [boolean, boolean] }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'unary'; op: string; arg: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node };

export interface EvalClock {
  /** NOW() as a serial on the fake computer's clock. */
  now: number;
}

// --- parsing -------------------------------------------------------------------------------------

const TOKEN =
  /\s*(?:(?<string>"(?:[^"]|"")*")|(?<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)(?![\w(])|(?<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?<name>[A-Za-z_][\w.]*)|(?<op><=|>=|<>|[-+*/&=<>(),%]))/y;

interface Token {
  type: 'string' | 'ref' | 'number' | 'name' | 'op';
  text: string;
}

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  const text = formula.trim();
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m || m.index !== start) throw new Error(`cannot read formula at "${text.slice(start)}"`);
    const type = (Object.keys(m.groups!) as Token['type'][]).find((key) => m.groups![key] !== undefined)!;
    tokens.push({ type, text: m.groups![type]! });
    if (TOKEN.lastIndex === start) break;
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.comparison();
    if (this.at < this.tokens.length) throw new Error(`unexpected "${this.tokens[this.at]!.text}"`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private takeOp(...ops: string[]): string | undefined {
    const token = this.peek();
    if (token?.type === 'op' && ops.includes(token.text)) {
      this.at++;
      return token.text;
    }
    return undefined;
  }

  private binary(next: () => Node, ops: string[]): Node {
    let left = next();
    for (let op = this.takeOp(...ops); op; op = this.takeOp(...ops)) left = { kind: 'binary', op, left, right: next() };
    return left;
  }

  private comparison = (): Node => this.binary(this.concat, ['=', '<>', '<', '>', '<=', '>=']);
  private concat = (): Node => this.binary(this.additive, ['&']);
  private additive = (): Node => this.binary(this.multiplicative, ['+', '-']);
  private multiplicative = (): Node => this.binary(this.unary, ['*', '/']);

  private unary = (): Node => {
    const op = this.takeOp('-', '+');
    return op ? { kind: 'unary', op, arg: this.unary() } : this.primary();
  };

  private primary(): Node {
    const token = this.tokens[this.at++];
    if (!token) throw new Error('formula ends too early');
    switch (token.type) {
      case 'number':
        return { kind: 'literal', value: Number(token.text) };
      case 'string':
        return { kind: 'literal', value: token.text.slice(1, -1).replace(/""/g, '"') };
      case 'ref':
        return parseRef(token.text);
      case 'name': {
        const upper = token.text.toUpperCase();
        if (this.takeOp('(')) {
          const args: Node[] = [];
          if (!this.takeOp(')')) {
            do args.push(this.comparison());
            while (this.takeOp(','));
            if (!this.takeOp(')')) throw new Error(`missing ) after ${upper}(`);
          }
          return { kind: 'call', name: upper, args };
        }
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'literal', value: upper === 'TRUE' };
        throw new Error(`unknown name ${token.text}`);
      }
      case 'op':
        if (token.text === '(') {
          const inner = this.comparison();
          if (!this.takeOp(')')) throw new Error('missing )');
          return inner;
        }
        throw new Error(`unexpected "${token.text}"`);
    }
  }
}

function parseRef(text: string): Node {
  const bang = text.lastIndexOf('!');
  const sheetPart = bang >= 0 ? text.slice(0, bang) : undefined;
  const sheet = sheetPart?.startsWith("'") ? sheetPart.slice(1, -1).replace(/''/g, "'") : sheetPart;
  const [first, last = first] = text.slice(bang + 1).split(':') as [string, string?];
  const cell = (part: string) => {
    const m = /^(\$?)([A-Z]{1,3})(\$?)(\d+)$/.exec(part)!;
    return { absCol: m[1] === '$', column: columnIndex(m[2]!), absRow: m[3] === '$', row: Number(m[4]) - 1 };
  };
  const a = cell(first);
  const b = cell(last!);
  return { kind: 'ref', ...(sheet ? { sheet } : {}), r1: a.row, c1: a.column, r2: b.row, c2: b.column, absRow: [a.absRow, b.absRow], absCol: [a.absCol, b.absCol] };
}

const parsed = new Map<string, Node>();
function parseFormula(formula: string): Node {
  let node = parsed.get(formula);
  if (!node) parsed.set(formula, (node = new Parser(tokenize(formula.replace(/^=/, ''))).parse()));
  return node;
}

// --- evaluation ------------------------------------------------------------------------------------

export class FormulaEvaluator {
  private readonly cache = new Map<string, Scalar>();
  private readonly today: number;

  constructor(
    private readonly book: FakeWorkbook,
    private readonly clock: EvalClock,
  ) {
    this.today = Math.floor(clock.now);
  }

  /** The value a cell shows: its formula's result, else its value ('' when blank). */
  cellValue(sheet: FakeSheet, r: number, c: number): Scalar {
    const formula = sheet.formulaAt(r, c);
    if (formula === undefined) return sheet.getValue(r, c);
    const key = `${sheet.name}!${r},${c}`;
    let value = this.cache.get(key);
    if (value === undefined) {
      this.cache.set(key, new ExcelError('#CIRC!'));
      value = this.evaluate(formula, sheet);
      this.cache.set(key, value);
    }
    return value;
  }

  /**
   * A formula's value on `sheet`; relative references move by `offset` (a conditional-format rule
   * is written for its range's top-left cell and applies to every cell of it).
   */
  evaluate(formula: string, sheet: FakeSheet, offset = { rows: 0, columns: 0 }): Scalar {
    try {
      return this.scalar(this.node(parseFormula(formula), sheet, offset));
    } catch (error) {
      if (error instanceof ExcelError) return error;
      return new ExcelError(`#PARSE! ${(error as Error).message}`);
    }
  }

  private node(node: Node, sheet: FakeSheet, offset: { rows: number; columns: number }): Value {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'ref': {
        const target = node.sheet === undefined ? sheet : this.book.sheet(node.sheet);
        if (!target) return new ExcelError('#REF!');
        const row = (r: number, abs: boolean) => (abs ? r : r + offset.rows);
        const column = (c: number, abs: boolean) => (abs ? c : c + offset.columns);
        const rect = { r1: row(node.r1, node.absRow[0]), r2: row(node.r2, node.absRow[1]), c1: column(node.c1, node.absCol[0]), c2: column(node.c2, node.absCol[1]) };
        return { kind: 'range', sheet: target, rect };
      }
      case 'unary': {
        const value = toNumber(this.scalar(this.node(node.arg, sheet, offset)));
        return value instanceof ExcelError ? value : node.op === '-' ? -value : value;
      }
      case 'binary':
        return this.binary(node.op, this.scalar(this.node(node.left, sheet, offset)), this.scalar(this.node(node.right, sheet, offset)));
      case 'call':
        return this.call(node.name, node.args.map((arg) => this.node(arg, sheet, offset)));
    }
  }

  /** A one-cell range reads as its cell's value; a bigger one is #VALUE! where one value is needed. */
  private scalar(value: Value): Scalar {
    if (typeof value !== 'object' || value instanceof ExcelError) return value;
    const { sheet, rect } = value;
    if (rect.r1 !== rect.r2 || rect.c1 !== rect.c2) return new ExcelError('#VALUE!');
    return this.cellValue(sheet, rect.r1, rect.c1);
  }

  private binary(op: string, left: Scalar, right: Scalar): Scalar {
    if (left instanceof ExcelError) return left;
    if (right instanceof ExcelError) return right;
    if (op === '&') return text(left) + text(right);
    if (['=', '<>', '<', '>', '<=', '>='].includes(op)) {
      const order = compare(left, right);
      return { '=': order === 0, '<>': order !== 0, '<': order < 0, '>': order > 0, '<=': order <= 0, '>=': order >= 0 }[op]!;
    }
    const a = toNumber(left);
    const b = toNumber(right);
    if (a instanceof ExcelError) return a;
    if (b instanceof ExcelError) return b;
    if (op === '+') return a + b;
    if (op === '-') return a - b;
    if (op === '*') return a * b;
    return b === 0 ? new ExcelError('#DIV/0!') : a / b;
  }

  private call(name: string, args: Value[]): Scalar {
    const scalars = () => args.map((arg) => this.scalar(arg));
    switch (name) {
      case 'NOW':
        return this.clock.now;
      case 'TODAY':
        return this.today;
      case 'AND':
      case 'OR': {
        const values = scalars();
        const error = values.find((v) => v instanceof ExcelError);
        if (error) return error;
        const truths = values.map((v) => toNumber(v as Scalar) !== 0);
        return name === 'AND' ? truths.every(Boolean) : truths.some(Boolean);
      }
      case 'NOT': {
        const [value] = scalars();
        const n = toNumber(value ?? 0);
        return n instanceof ExcelError ? n : n === 0;
      }
      case 'IF': {
        const [condition, whenTrue = true, whenFalse = false] = args;
        const test = toNumber(this.scalar(condition ?? false));
        if (test instanceof ExcelError) return test;
        return this.scalar(test !== 0 ? whenTrue : whenFalse);
      }
      case 'ISNUMBER':
        return typeof this.scalar(args[0] ?? '') === 'number';
      case 'N': {
        const value = this.scalar(args[0] ?? 0);
        return typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : value instanceof ExcelError ? value : 0;
      }
      case 'SUM': {
        let sum = 0;
        for (const arg of args) for (const value of this.valuesOf(arg)) if (typeof value === 'number') sum += value;
        return sum;
      }
      case 'COUNTIF':
      case 'COUNTIFS':
        return this.countIfs(args);
      default:
        return new ExcelError('#NAME?');
    }
  }

  private valuesOf(value: Value): Scalar[] {
    if (typeof value !== 'object' || value instanceof ExcelError) return [value];
    const out: Scalar[] = [];
    const { sheet, rect } = value;
    for (let r = rect.r1; r <= rect.r2; r++) for (let c = rect.c1; c <= rect.c2; c++) out.push(this.cellValue(sheet, r, c));
    return out;
  }

  private countIfs(args: Value[]): Scalar {
    const pairs: { values: Scalar[]; matches: (value: Scalar) => boolean }[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
      const criterion = this.scalar(args[i + 1]!);
      if (criterion instanceof ExcelError) return criterion;
      pairs.push({ values: this.valuesOf(args[i]!), matches: criterionMatcher(criterion) });
    }
    const length = pairs[0]?.values.length ?? 0;
    if (pairs.some((p) => p.values.length !== length)) return new ExcelError('#VALUE!');
    let count = 0;
    for (let i = 0; i < length; i++) if (pairs.every((p) => p.matches(p.values[i]!))) count++;
    return count;
  }
}

function toNumber(value: Scalar): number | ExcelError {
  if (value instanceof ExcelError) return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  if (value === '') return 0;
  const n = Number(value);
  return Number.isFinite(n) ? n : new ExcelError('#VALUE!');
}

function text(value: Scalar): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** Excel's order: numbers < text < logicals; blank compares as 0 or ''; text ignores case. */
function compare(a: Scalar, b: Scalar): number {
  const rank = (v: Scalar) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  if (a === '' && typeof b === 'number') a = 0;
  if (b === '' && typeof a === 'number') b = 0;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase().localeCompare(b.toLowerCase());
  return Number(a) - Number(b);
}

/** COUNTIF's criterion: `">5"`, `"<="&NOW()`, `"late"`, `"?*"` (wildcards), `1`. */
function criterionMatcher(criterion: Scalar): (value: Scalar) => boolean {
  if (typeof criterion === 'number' || typeof criterion === 'boolean') return (value) => value === criterion;
  const m = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/.exec(String(criterion))!;
  const op = m[1] ?? '=';
  const operand = m[2]!;
  const number = operand.trim() !== '' && Number.isFinite(Number(operand)) ? Number(operand) : undefined;
  if (number !== undefined) {
    const test = (v: number) => ({ '=': v === number, '<>': v !== number, '<': v < number, '>': v > number, '<=': v <= number, '>=': v >= number })[op]!;
    return (value) => (typeof value === 'number' ? test(value) : op === '<>');
  }
  if (op === '=' || op === '<>') {
    const pattern = wildcard(operand);
    const equal = (value: Scalar) => (operand === '' ? value === '' : typeof value === 'string' && pattern.test(value));
    return op === '=' ? equal : (value) => !equal(value);
  }
  return (value) => typeof value === 'string' && value !== '' && ({ '<': compare(value, operand) < 0, '>': compare(value, operand) > 0, '<=': compare(value, operand) <= 0, '>=': compare(value, operand) >= 0 }[op] ?? false);
}

/** `?` one character, `*` any run, `~` escapes: as a case-insensitive whole-text RegExp. */
function wildcard(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '~' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (ch === '?') source += '[\\s\\S]';
    else if (ch === '*') source += '[\\s\\S]*';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 'i');
}

const escapeRegExp = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const isExcelError = (value: unknown): value is ExcelError => value instanceof ExcelError;
export type { CellValue, Scalar };
