/**
 * Runs a command as a child process and measures it.
 * - wall time: this process's monotonic clock from spawn to exit (so it includes Node's start-up);
 * - peak RSS: GNU `/usr/bin/time -f %M`, i.e. the child's ru_maxrss (kB) as reported by wait4().
 *   That is the high-water mark of the one largest process (same figure as VmHWM), worker threads
 *   included; it is not a sum over subprocesses.
 * Without /usr/bin/time the RSS is reported as unknown rather than guessed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  wallSeconds: number;
  /** Bytes, or null when /usr/bin/time is missing. */
  peakRssBytes: number | null;
  stdout: string;
}

export class ChildFailedError extends Error {
  constructor(label: string, detail: string, stderrTail: string) {
    super(`${label} failed (${detail})${stderrTail ? `:\n${stderrTail}` : ''}`);
    this.name = 'ChildFailedError';
  }
}

// A child that floods its output must not make this process's memory grow.
const KEEP_OUTPUT_CHARS = 16_384;
const keepTail = (text: string) => (text.length > KEEP_OUTPUT_CHARS ? text.slice(-KEEP_OUTPUT_CHARS) : text);

export async function measure(label: string, argv: readonly string[], cwd: string): Promise<Measurement> {
  const useTime = existsSync(GNU_TIME);
  const tmp = await mkdtemp(join(tmpdir(), 'atoz-bench-'));
  const timeFile = join(tmp, 'time.txt');
  const [command, ...args] = useTime ? [GNU_TIME, '-f', '%M', '-o', timeFile, ...argv] : argv;
  try {
    const started = performance.now();
    const child = spawn(command!, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout = keepTail(stdout + s)));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = keepTail(stderr + s)));
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal }));
    });
    const wallSeconds = (performance.now() - started) / 1000;
    if (code !== 0) {
      throw new ChildFailedError(label, signal ? `signal ${signal}` : `exit code ${code}`, stderr.trim());
    }
    return { wallSeconds, peakRssBytes: useTime ? await readPeakRss(timeFile) : null, stdout };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function readPeakRss(timeFile: string): Promise<number> {
  // GNU time may put a "Command exited with…" line first; the figure is on the last line.
  const lines = (await readFile(timeFile, 'utf8')).trim().split('\n');
  const kb = Number(lines[lines.length - 1]);
  if (!Number.isFinite(kb)) throw new Error(`cannot read peak RSS from ${GNU_TIME} output: ${lines.join(' | ')}`);
  return kb * 1024;
}
