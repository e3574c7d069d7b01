import type { Policy } from '../policy/schema.js';
import type { SheetColumnKey, StatusKey } from './columns.js';

/**
 * Live conditional formats: one rule per state and column, each a formula of Excel built-ins over the
 * helper columns and NOW(), so the colours change as deadlines pass, in any Excel or LibreOffice,
 * with or without the add-in. Every formula carries MARKER, by which the add-in finds and replaces
 * its own rules and leaves everyone else's alone.
 */
export const RULE_MARKER = 'N("atoz-guard")=0';

export type RuleTone = 'red' | 'amber';

export const TONES: Record<RuleTone, { fill: string; font: string }> = {
  // Excel's own "light red fill with dark red text" and "yellow fill with dark yellow text".
  red: { fill: '#FFC7CE', font: '#9C0006' },
  amber: { fill: '#FFEB9C', font: '#9C5700' },
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
  condition(ref: (key: SheetColumnKey) => string, policy: Policy): string;
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
];

/** The whole rule formula (with `=`, as Office.js takes it); the marker makes it ours. */
export function ruleFormula(spec: RuleSpec, ref: (key: SheetColumnKey) => string, policy: Policy): string {
  return `=AND(${spec.condition(ref, policy)},${RULE_MARKER})`;
}

/** True for a conditional-format formula this add-in wrote. */
export function isOurRuleFormula(formula: string | null | undefined): boolean {
  return typeof formula === 'string' && formula.replace(/\s+/g, '').toUpperCase().includes(RULE_MARKER.toUpperCase());
}
