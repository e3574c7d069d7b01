import { Writable } from 'node:stream';
import { runCli } from '../../cli/run.js';

export class MemoryStream extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with memory streams; `stdin` is what standard input holds. */
export async function atoz(argv: string[], stdin: string | Uint8Array = '', now = Date.parse('2024-03-15T19:00:00Z')): Promise<CliResult> {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const bytes = typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin;
  async function* input() {
    yield bytes;
  }
  const code = await runCli(argv, { stdin: input(), stdout, stderr, now: () => now });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export const FIXTURES = new URL('../fixtures/amazon-reports/', import.meta.url).pathname;
