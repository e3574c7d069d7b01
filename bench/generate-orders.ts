/**
 * CLI: writes a synthetic All Orders report (see orders-generator.ts).
 *   npx tsx bench/generate-orders.ts [--rows N] [--seed S] [--as-of ISO] [--out FILE]
 * Without --out the report goes to stdout.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_AS_OF, DEFAULT_ROWS, DEFAULT_SEED, writeOrders, type GenerateOptions } from './orders-generator.js';

function wholeNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag} must be a whole number ≥ 0, got "${text}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const opts: GenerateOptions = {
    rows: wholeNumber('--rows', values.rows, DEFAULT_ROWS),
    seed: wholeNumber('--seed', values.seed, DEFAULT_SEED),
    asOf: values['as-of'] ?? DEFAULT_AS_OF,
  };

  if (values.out === undefined || values.out === '-') {
    // A closed pipe (e.g. `| head`) is a normal way to stop reading.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
    await writeOrders(opts, process.stdout);
    return;
  }
  const out = createWriteStream(values.out);
  await writeOrders(opts, out);
  out.end();
  await finished(out);
}

main().catch((err: unknown) => {
  console.error(`generate-orders: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
