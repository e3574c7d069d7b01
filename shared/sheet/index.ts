/** The sheet plan: what is written beside an order sheet and on its dashboard, for every renderer. */
export * from './address.js';
export * from './columns.js';
export * from './dashboard.js';
export * from './plan.js';
export * from './row-cells.js';
export * from './rules.js';
export * from './serial.js';
export * from './sheet-evaluator.js';
export * from './fact-columns.js';
