/// <reference types="office-js" />
import { isOurRuleFormula } from '../../shared/sheet/rules.js';
import type { PlacedRule } from '../../shared/sheet/plan.js';
import type { SyncMeter } from './sync-meter.js';

/**
 * Our conditional formats are recognised by the marker in their formula (shared/sheet/rules.ts), so
 * re-flagging replaces exactly them, wherever the user moved them, and leaves every other rule alone.
 * Finding them takes two syncs (types first; only custom rules have a formula to load); both ride
 * along with syncs the flagging makes anyway.
 */
export class OurRuleFinder {
  private readonly all: Excel.ConditionalFormatCollection;
  private custom: Excel.ConditionalFormat[] = [];

  /** Queues loading the type of every rule on the sheet. */
  constructor(sheet: Excel.Worksheet) {
    this.all = sheet.getRange().conditionalFormats;
    this.all.load('items/type');
  }

  /** After a sync: queues loading the formulas of the custom rules. */
  queueFormulas(): void {
    this.custom = this.all.items.filter((cf) => cf.type === 'Custom');
    for (const cf of this.custom) cf.custom.rule.load('formula');
  }

  /** After another sync: queues deleting our rules; returns how many. */
  queueDeletes(): number {
    const ours = this.custom.filter((cf) => isOurRuleFormula(cf.custom.rule.formula));
    for (const cf of ours) cf.delete();
    return ours.length;
  }
}

export function queueRuleAdds(sheet: Excel.Worksheet, rules: readonly PlacedRule[], meter: SyncMeter): void {
  for (const rule of rules) {
    const cf = sheet.getRange(rule.range).conditionalFormats.add('Custom');
    meter.send(rule.formula);
    cf.custom.rule.formula = rule.formula;
    cf.custom.format.fill.color = rule.fill;
    cf.custom.format.font.color = rule.fontColor;
  }
}
