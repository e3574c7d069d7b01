/**
 * Baseline child for bench/run.ts: papaparse's bare streaming parse of a tab-separated file.
 * Plain JavaScript run by plain `node`, so the measured process carries no TypeScript loader
 * and its time and peak RSS are papaparse's (plus Node's own start-up, as for atoz).
 *   node bench/papaparse-baseline.mjs FILE   → prints {"rows":N,"parseSeconds":S} on stdout
 */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/papaparse-baseline.mjs FILE');
  process.exit(2);
}

const started = performance.now();
let rows = 0;
// A utf8 stream decodes characters split across chunk boundaries correctly.
Papa.parse(createReadStream(file, { encoding: 'utf8' }), {
  delimiter: '\t',
  fastMode: true,
  // The chunk callback only counts rows, so the rows are garbage right after each chunk.
  chunk(results) {
    rows += results.data.length;
  },
  complete() {
    const parseSeconds = (performance.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ rows, parseSeconds })}\n`);
  },
  error(err) {
    console.error(`papaparse: ${err.message ?? err}`);
    process.exit(1);
  },
});
