import type { Locale } from '../i18n/locales.js';
import { sheetValue, type ValuedColumn } from '../i18n/sheet-vocabulary.js';
import type { Policy } from '../policy/schema.js';
import type { SheetColumnKey, StatusKey } from './columns.js';

/**
 * Live conditional formats: one rule per state and column, each a formula of Excel built-ins over the
 * helper columns and NOW(), so the colours change as deadlines pass, in any Excel or LibreOffice,
 * with or without the add-in. Every formula carries MARKER, by which the add-in finds and replaces
 * its own rules and leaves everyone else's alone.
 */
export const RULE_MARKER = 'N("atoz-guard")=0';

export type RuleTone = 'red' | 'amber' | 'blue' | 'green' | 'grey';

/** A colour per state: red must act now, amber soon, blue waits on you, green is done, grey is out of play. */
export const TONES: Record<RuleTone, { fill: string; font: string }> = {
  // Excel's own "light red fill with dark red text", "yellow fill with dark yellow text", "green fill with dark green text".
  red: { fill: '#FFC7CE', font: '#9C0006' },
  amber: { fill: '#FFEB9C', font: '#9C5700' },
  blue: { fill: '#DDEBF7', font: '#1F4E78' },
  green: { fill: '#C6EFCE', font: '#006100' },
  grey: { fill: '#EDEDED', font: '#595959' },
};

/** Days before an appeal window closes that it is flagged as closing (the dashboard counts the same). */
export const APPEAL_CLOSING_DAYS = 7;

export interface RuleSpec {
  /** Stable name: `<column>.<state>`. */
  id: string;
  /** The column whose cells are coloured. */
  column: StatusKey;
  state: string;
  tone: RuleTone;
  /** The condition for one row; `ref(key)` gives the row's cell of a column (`$X2`). */
  condition(ref: (key: SheetColumnKey) => string, policy: Policy, language: Locale): string;
}

/** `NOW()` within `hours` before the deadline in `cell` (a serial: hours are 1/24 of a day). */
const withinHoursBefore = (cell: string, hours: number) => `NOW()<=${cell},NOW()>=${cell}-${hours}/24`;

const lateRule = (column: StatusKey): RuleSpec => ({
  id: `${column}.late`,
  column,
  state: 'late',
  tone: 'red',
  condition: (ref) => `ISNUMBER(${ref('lateFrom')}),NOW()>=${ref('lateFrom')}`,
});
const atRiskRule = (column: StatusKey): RuleSpec => ({
  id: `${column}.at_risk`,
  column,
  state: 'at_risk',
  tone: 'amber',
  condition: (ref) => `ISNUMBER(${ref('atRiskFrom')}),NOW()>=${ref('atRiskFrom')},NOW()<${ref('lateFrom')}`,
});
const overdueRule = (column: StatusKey): RuleSpec => ({
  id: `${column}.overdue`,
  column,
  state: 'overdue',
  tone: 'red',
  condition: (ref) => `ISNUMBER(${ref('openClaimDue')}),NOW()>${ref('openClaimDue')}`,
});
const dueSoonRule = (column: StatusKey): RuleSpec => ({
  id: `${column}.due_soon`,
  column,
  state: 'due_soon',
  tone: 'amber',
  condition: (ref, policy) => `ISNUMBER(${ref('openClaimDue')}),${withinHoursBefore(ref('openClaimDue'), policy.dueSoonHours)}`,
});

/**
 * The rules, most urgent first within a column. Delivery: red when late (docs/rules.md §2: the day after
 * max EDD + grace has begun), amber when at risk. Response and its deadline: red when overdue, amber
 * when at most dueSoonHours are left (§4). Appeal last day: amber in the last days of the window (§5).
 */
export const RULE_SPECS: readonly RuleSpec[] = [
  lateRule('delivery'),
  atRiskRule('delivery'),
  overdueRule('response'),
  dueSoonRule('response'),
  overdueRule('responseDue'),
  dueSoonRule('responseDue'),
  {
    id: 'appealLastDay.closing',
    column: 'appealLastDay',
    state: 'closing',
    tone: 'amber',
    condition: (ref) => `ISNUMBER(${ref('appealClosesAt')}),NOW()<${ref('appealClosesAt')},NOW()>=${ref('appealClosesAt')}-${APPEAL_CLOSING_DAYS}`,
  },
  {
    id: 'response.due',
    column: 'response',
    state: 'due',
    tone: 'blue',
    condition: (ref, policy) => `ISNUMBER(${ref('openClaimDue')}),NOW()<${ref('openClaimDue')}-${policy.dueSoonHours}/24`,
  },
  {
    id: 'appeal.open',
    column: 'appeal',
    state: 'open',
    tone: 'blue',
    condition: (ref) => `ISNUMBER(${ref('appealClosesAt')}),NOW()<${ref('appealClosesAt')}`,
  },
  writtenRule('delivery', 'delivered_on_time', 'green'),
  writtenRule('delivery', 'delivered_late', 'grey'),
  writtenRule('delivery', 'cancelled', 'grey'),
  writtenRule('response', 'responded', 'green'),
  writtenRule('response', 'responded_late', 'grey'),
  writtenRule('appeal', 'appealed', 'green'),
  writtenRule('odrDefect', 'yes', 'red'),
];

/**
 * A state time cannot change, coloured by what the cell says: the formula compares the cell with the
 * state as the workbook's language writes it, so it holds without the add-in and in any spreadsheet.
 */
function writtenRule(column: ValuedColumn & StatusKey, state: string, tone: RuleTone): RuleSpec {
  return {
    id: `${column}.${state}`,
    column,
    state,
    tone,
    condition: (ref, _policy, language) => `${ref(column)}="${sheetValue(column, state, language).replace(/"/g, '""')}"`,
  };
}

/** The whole rule formula (with `=`, as Office.js takes it); the marker makes it ours. */
export function ruleFormula(spec: RuleSpec, ref: (key: SheetColumnKey) => string, policy: Policy, language: Locale = 'en'): string {
  return `=AND(${spec.condition(ref, policy, language)},${RULE_MARKER})`;
}

/** True for a conditional-format formula this add-in wrote. */
export function isOurRuleFormula(formula: string | null | undefined): boolean {
  return typeof formula === 'string' && formula.replace(/\s+/g, '').toUpperCase().includes(RULE_MARKER.toUpperCase());
}
