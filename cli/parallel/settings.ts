import { availableParallelism } from 'node:os';

/** When `atoz evaluate` reads a file in parallel byte ranges, one worker thread each. */
export interface ParallelSettings {
  /** How many ranges (and threads); 1 = the single-threaded reader. */
  threads: number;
  /** Smaller files are read by one thread: starting workers costs more than they save. */
  minBytes: number;
}

const DEFAULT_MIN_BYTES = 32 * 1024 * 1024;
/** More threads hardly help: past four, writing the output and merging dominate. */
const MAX_DEFAULT_THREADS = 4;

/**
 * Hidden switches, for tests and the benchmark (not in --help): ATOZ_THREADS=1 forces the single-threaded reader,
 * ATOZ_THREADS=N (N ≥ 2) forces N ranges whatever the file's size; ATOZ_PARALLEL_MIN_BYTES sets the size threshold.
 */
export function parallelSettings(env: NodeJS.ProcessEnv = process.env): ParallelSettings {
  const threads = wholeNumber(env.ATOZ_THREADS);
  const minBytes = wholeNumber(env.ATOZ_PARALLEL_MIN_BYTES);
  return {
    threads: threads !== undefined && threads >= 1 ? threads : Math.min(availableParallelism(), MAX_DEFAULT_THREADS),
    minBytes: minBytes ?? (threads !== undefined ? 0 : DEFAULT_MIN_BYTES),
  };
}

function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
