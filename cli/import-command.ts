import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { hc } from 'hono/client';
import type { AppType } from '../worker/app/create-app.js';
import { Progress } from './progress.js';
import { UsageError } from './usage-error.js';
import type { CliIo } from './io.js';

export const IMPORT_HELP = `Usage: atoz import FILE|- --url URL --token TOKEN [options]

Uploads an order report to the worker's POST /v1/imports, streamed (with a progress bar when
standard error is a terminal), and prints the counts and the rejected rows.

Options:
  --url URL             the worker, e.g. https://127.0.0.1:3001 (\`npm start\` prints it; default: $ATOZ_URL)
  --token TOKEN         the seller account's API token (default: $ATOZ_API_TOKEN)
  --file-name NAME      the name kept with the import (default: the file's name)
  --time-zone IANA  --date-order MDY|DMY  --date-system 1900|1904  --encoding NAME   as for evaluate
  --json                print the worker's JSON answer as it is
Exit codes:
  0  imported (rejected rows are part of the result)
  1  the worker failed (5xx), could not be reached, or what answered is not the worker
  2  refused by the worker (4xx: bad file, bad token, too large, …), or bad arguments or an unreadable FILE`;

/** The exit codes of `atoz import` (listed in IMPORT_HELP and docs/api.md). */
export const IMPORT_EXIT = { ok: 0, failedOrUnreachable: 1, refused: 2 } as const;

type Api = ReturnType<typeof hc<AppType>>;
type ImportQuery = NonNullable<Parameters<Api['v1']['imports']['$post']>[0]>['query'];

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
    return IMPORT_EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('import takes exactly one FILE (or - for standard input)');
  const file = positionals[0]!;
  const baseUrl = values.url ?? process.env.ATOZ_URL;
  const token = values.token ?? process.env.ATOZ_API_TOKEN;
  if (!baseUrl) throw new UsageError('import needs the worker\'s address: --url URL (or ATOZ_URL); `npm start` prints it');
  if (!token) throw new UsageError('import needs an API token: --token TOKEN (or ATOZ_API_TOKEN)');
  let base: URL;
  try {
    base = new URL(baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(base.protocol);
  } catch {
    throw new UsageError(`--url: "${baseUrl}" is not a URL such as https://127.0.0.1:3001`);
  }
  const dateOrder = values['date-order']?.toUpperCase();
  if (dateOrder !== undefined && dateOrder !== 'MDY' && dateOrder !== 'DMY') throw new UsageError(`--date-order must be MDY or DMY, not "${values['date-order']}"`);
  const dateSystem = values['date-system'];
  if (dateSystem !== undefined && dateSystem !== '1900' && dateSystem !== '1904') throw new UsageError('--date-system must be 1900 or 1904');
  const query: ImportQuery = {
    fileName: values['file-name'] ?? (file === '-' ? undefined : basename(file)),
    timeZone: values['time-zone'],
    dateOrder,
    dateSystem,
    encoding: values.encoding,
  };

  const size = file === '-' ? undefined : fileSize(file);
  const input: AsyncIterable<Uint8Array> = file === '-' ? io.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  const progress = new Progress(size, io.stderr);
  const headers: Record<string, string> = { 'Content-Type': contentTypeOf(file), Accept: 'application/json' };
  // With a length the worker can refuse a file over its limit before it is sent.
  if (size !== undefined) headers['Content-Length'] = String(size);
  // The worker's routes type the call and its answers (hono/client); the body is the file, streamed.
  const api = hc<AppType>(base.href, { headers: { Authorization: `Bearer ${token}` } });
  const where = base.href.replace(/\/+$/, '');

  let response: Awaited<ReturnType<Api['v1']['imports']['$post']>>;
  try {
    response = await api.v1.imports.$post(
      { query: withoutUndefined(query) },
      { headers, init: { body: uploadStream(input, (bytes, lines) => progress.update(bytes, Math.max(0, lines - 1))), duplex: 'half' } as RequestInit },
    );
  } catch (error) {
    progress.done();
    io.stderr.write(`atoz: error: ${unreachableMessage(where, error)}\n`);
    return IMPORT_EXIT.failedOrUnreachable;
  }
  progress.done();
  const text = await response.text();
  if (values.json) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  if (response.status === 201) {
    const answer = JSON.parse(text) as Awaited<ReturnType<Extract<typeof response, { status: 201 }>['json']>>;
    if (!values.json) {
      const { inserted, updated, unchanged, rejected } = answer.counts;
      io.stdout.write(`imported ${file === '-' ? 'standard input' : file} (import ${answer.id}): ${inserted} inserted, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected\n`);
      for (const error of answer.errors) io.stdout.write(`  line ${error.line}${error.column ? `, ${error.column}` : ''}: ${error.message}\n`);
    }
    for (const warning of answer.warnings) io.stderr.write(`atoz: warning: ${warning}\n`);
    return IMPORT_EXIT.ok;
  }
  return writeProblem(io, response.status, text, where, response.statusText);
}

/**
 * Writes the worker's problem answer to standard error; returns the exit code: 2 for a 4xx (refused), else 1.
 * An answer that is not a problem (HTML, empty) did not come from the worker: said so, exit 1.
 */
export function writeProblem(io: CliIo, status: number, text: string, where = 'the server', statusText = ''): number {
  const problem = parseProblem(text);
  if (!problem) {
    io.stderr.write(
      `atoz: error: ${where} answered ${status} ${statusText}`.trimEnd() +
        ` without a problem+json body: is that the worker? \`npm start\` prints the worker's address (the task pane's port is not it)\n`,
    );
    return IMPORT_EXIT.failedOrUnreachable;
  }
  io.stderr.write(`atoz: error: the worker answered ${status} ${problem.title}: ${problem.detail}\n`);
  for (const param of problem.invalidParams ?? []) io.stderr.write(`  ${param.name}: ${param.reason}\n`);
  for (const error of problem.errors ?? []) io.stderr.write(`  line ${error.line}${error.column ? `, ${error.column}` : ''}: ${error.message}\n`);
  return status >= 400 && status < 500 ? IMPORT_EXIT.refused : IMPORT_EXIT.failedOrUnreachable;
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

/** Every error answer of the worker: its one Problem schema (the 4xx answers of POST /v1/imports). */
type Problem = Awaited<ReturnType<Extract<Awaited<ReturnType<Api['v1']['imports']['$post']>>, { status: 422 }>['json']>>;

function parseProblem(text: string): Problem | undefined {
  try {
    const body = JSON.parse(text) as Partial<Problem> | null;
    return typeof body?.title === 'string' && typeof body.detail === 'string' ? (body as Problem) : undefined;
  } catch {
    return undefined;
  }
}

const withoutUndefined = <T extends object>(object: T): T => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;

/** OpenSSL's codes for a certificate chain that does not end at a trusted CA (self-signed, dev CA, expired, wrong name). */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Why the request failed before any answer: nothing listens there (refused, unknown host, timeout), or what
 * listens is not the worker (closed the connection: e.g. the task pane's HTTPS server asked in plain HTTP).
 */
export function unreachableMessage(where: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  const hint = '`npm start` prints its address (as does `npm run serve`)';
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) {
    return `the server at ${where} closed the connection without an HTTP answer (${code}): is that the worker's address? ${hint}; the task pane's port is not it.`;
  }
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return `the worker at ${where} has a certificate this computer does not trust (${code}). For \`npm start\`'s development certificate, run with NODE_EXTRA_CA_CERTS set to the ca.crt it prints (Node.js does not read the system's trust store); for a team's worker, the CA that signed its certificate.`;
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') {
    return `the server at ${where} does not speak HTTPS (${code}): is the worker plain HTTP there? Try the same address with http://.`;
  }
  const reason = code === 'ECONNREFUSED' ? 'nothing listens there' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unknown host' : (cause?.message ?? (error as Error).message);
  return `cannot reach the worker at ${where}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''} — is it running? ${hint}.`;
}
