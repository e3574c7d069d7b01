import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { Progress } from './progress.js';
import { UsageError } from './usage-error.js';
import type { CliIo } from './io.js';

export const IMPORT_HELP = `Usage: atoz import FILE|- --url URL --token TOKEN [options]

Uploads an order report to the worker's POST /v1/imports, streamed (with a progress bar when
standard error is a terminal), and prints the counts and the rejected rows.

Options:
  --url URL             the worker, e.g. http://127.0.0.1:3000 (default: $ATOZ_URL)
  --token TOKEN         the seller account's API token (default: $ATOZ_API_TOKEN)
  --file-name NAME      the name kept with the import (default: the file's name)
  --time-zone IANA  --date-order MDY|DMY  --date-system 1900|1904  --encoding NAME   as for evaluate
  --json                print the worker's JSON answer as it is
Exit codes: 0 imported (rejected rows are part of the result), 2 refused (4xx: bad file, bad token,
too large, …) or bad arguments, 1 the worker failed or could not be reached.`;

interface ImportAnswer {
  id: string;
  counts: { inserted: number; updated: number; unchanged: number; rejected: number };
  errors: { line: number; column: string | null; message: string }[];
  warnings: string[];
}

interface ProblemAnswer {
  title?: string;
  detail?: string;
  errors?: { line: number; column: string | null; message: string }[];
  invalidParams?: { name: string; reason: string }[];
}

export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      'file-name': { type: 'string' },
      'time-zone': { type: 'string' },
      'date-order': { type: 'string' },
      'date-system': { type: 'string' },
      encoding: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(`${IMPORT_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('import takes exactly one FILE (or - for standard input)');
  const file = positionals[0]!;
  const baseUrl = values.url ?? process.env.ATOZ_URL;
  const token = values.token ?? process.env.ATOZ_API_TOKEN;
  if (!baseUrl) throw new UsageError('import needs the worker\'s address: --url URL (or ATOZ_URL)');
  if (!token) throw new UsageError('import needs an API token: --token TOKEN (or ATOZ_API_TOKEN)');
  let endpoint: URL;
  try {
    endpoint = new URL('/v1/imports', baseUrl);
  } catch {
    throw new UsageError(`--url: "${baseUrl}" is not a URL such as http://127.0.0.1:3000`);
  }
  const query: [string, string | undefined][] = [
    ['fileName', values['file-name'] ?? (file === '-' ? undefined : basename(file))],
    ['timeZone', values['time-zone']],
    ['dateOrder', values['date-order']?.toUpperCase()],
    ['dateSystem', values['date-system']],
    ['encoding', values.encoding],
  ];
  for (const [name, value] of query) if (value !== undefined) endpoint.searchParams.set(name, value);

  const size = file === '-' ? undefined : fileSize(file);
  const input: AsyncIterable<Uint8Array> = file === '-' ? io.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  const progress = new Progress(size, io.stderr);
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Content-Type': contentTypeOf(file), Accept: 'application/json' };
  // With a length the worker can refuse a file over its limit before it is sent.
  if (size !== undefined) headers['Content-Length'] = String(size);

  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: uploadStream(input, (bytes, lines) => progress.update(bytes, Math.max(0, lines - 1))),
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    progress.done();
    io.stderr.write(`atoz: error: could not send the file to ${endpoint.origin}: ${causeOf(error)}\n`);
    return 1;
  }
  progress.done();
  const text = await response.text();
  if (values.json) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  if (response.status === 201) {
    const answer = JSON.parse(text) as ImportAnswer;
    if (!values.json) {
      const { inserted, updated, unchanged, rejected } = answer.counts;
      io.stdout.write(`imported ${file === '-' ? 'standard input' : file} (import ${answer.id}): ${inserted} inserted, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected\n`);
      for (const error of answer.errors) io.stdout.write(`  line ${error.line}${error.column ? `, ${error.column}` : ''}: ${error.message}\n`);
    }
    for (const warning of answer.warnings) io.stderr.write(`atoz: warning: ${warning}\n`);
    return 0;
  }
  const problem = parseProblem(text);
  io.stderr.write(`atoz: error: the worker answered ${response.status}${problem.title ? ` ${problem.title}` : ''}${problem.detail ? `: ${problem.detail}` : ''}\n`);
  for (const param of problem.invalidParams ?? []) io.stderr.write(`  ${param.name}: ${param.reason}\n`);
  for (const error of problem.errors ?? []) io.stderr.write(`  line ${error.line}${error.column ? `, ${error.column}` : ''}: ${error.message}\n`);
  return response.status >= 400 && response.status < 500 ? 2 : 1;
}

/** The file as a web stream for fetch, counting bytes and line breaks for the progress bar. */
function uploadStream(input: AsyncIterable<Uint8Array>, onProgress: (bytes: number, lines: number) => void): ReadableStream<Uint8Array> {
  const iterator = input[Symbol.asyncIterator]();
  let bytes = 0;
  let lines = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        onProgress(bytes, lines + 1);
        controller.close();
        return;
      }
      const chunk = next.value;
      bytes += chunk.byteLength;
      for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
      onProgress(bytes, lines);
      controller.enqueue(chunk);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function contentTypeOf(file: string): string {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'text/csv';
  if (extension === '.tsv' || extension === '.tab') return 'text/tab-separated-values';
  return 'text/plain'; // Amazon's .txt reports; the worker detects the delimiter and encoding either way
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function parseProblem(text: string): ProblemAnswer {
  try {
    return JSON.parse(text) as ProblemAnswer;
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
