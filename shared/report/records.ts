import { byteChunks, readHead, type ByteSource } from './byte-source.js';
import { ReplacingDecoder } from './decode.js';
import { ENCODING_LABELS, resolveEncodingName, type EncodingName } from './encodings.js';
import { ReportFormatError } from './report-format-error.js';
import { assertLooksLikeText, decodeSample, detectDelimiter, detectEncoding, detectNewline, isBlank, pinByteOrder, SAMPLE_BYTES } from './sniff.js';
import { RecordSplitter, type RawRecord } from './split-records.js';

export type { ByteSource } from './byte-source.js';
export type { RawRecord } from './split-records.js';
export { ReportFormatError } from './report-format-error.js';

export interface RecordReadOptions {
  /**
   * Override: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'shift_jis' and common aliases
   * (utf8, latin1, cp1252, cp932, sjis, windows-31j, utf16, …); unset = detect.
   * Ignored for a string source, which is text already.
   */
  encoding?: string;
  /** Override: '\t' | ',' | ';' ; unset = detect. */
  delimiter?: string;
}

export interface RecordStream {
  /** Canonical name used: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'shift_jis'. */
  encoding: string;
  /** false when the caller forced the encoding. */
  encodingDetected: boolean;
  delimiter: string;
  /** false for tab-delimited reports: quotes are plain data there. */
  quoted: boolean;
  /** Human-readable notes about the input; more are added while `batches` is read. */
  warnings: string[];
  /**
   * Every non-blank record INCLUDING the first one (the header candidate), in order, in batches.
   * Can be read once. Besides errors of the source itself, it throws only ReportFormatError
   * (a record of more than 32 million characters).
   */
  batches: AsyncIterable<RawRecord[]>;
}

const DELIMITERS = ['\t', ',', ';'];

/**
 * Opens a report for streaming: detects encoding and delimiter from the first 64 KB (unless given),
 * checks the input is text, and returns the records as an async iterable of batches.
 * Throws ReportFormatError for input that cannot be a report (empty, binary, unknown encoding name).
 */
export async function openRecords(source: ByteSource, options: RecordReadOptions = {}): Promise<RecordStream> {
  const forcedEncoding = options.encoding === undefined ? undefined : resolveEncodingName(options.encoding);
  const forcedDelimiter = options.delimiter === undefined ? undefined : checkDelimiter(options.delimiter);
  const isText = typeof source === 'string';

  const chunks = byteChunks(source);
  try {
    const { head, ended } = await readHead(chunks, SAMPLE_BYTES);
    const sample = head.subarray(0, SAMPLE_BYTES);
    const encodingDetected = isText || forcedEncoding === undefined;
    const encoding: EncodingName = isText
      ? 'utf-8'
      : forcedEncoding === undefined
        ? detectEncoding(sample, ended)
        : pinByteOrder(forcedEncoding, sample);

    const sampleText = decodeSample(sample, encoding, ended);
    if (ended && isBlank(sampleText)) {
      throw new ReportFormatError('The file is empty: it has no text, only blank lines or nothing at all.');
    }
    assertLooksLikeText(sample, sampleText);

    const delimiter = forcedDelimiter ?? detectDelimiter(sampleText);
    const quoted = delimiter !== '\t';
    const warnings: string[] = [];
    const splitter = new RecordSplitter({ delimiter, quoted, newline: detectNewline(sampleText) });
    const batches = readBatches(head, chunks, new ReplacingDecoder(encoding), splitter, warnings);
    return { encoding, encodingDetected, delimiter, quoted, warnings, batches };
  } catch (error) {
    await chunks.return();
    throw error;
  }
}

function checkDelimiter(delimiter: string): string {
  if (DELIMITERS.includes(delimiter)) return delimiter;
  throw new ReportFormatError(`Unsupported delimiter ${JSON.stringify(delimiter)}. Use a tab, a comma or a semicolon.`);
}

/** Decodes and splits the bytes chunk by chunk; all per-record work is synchronous, per batch. */
async function* readBatches(
  head: Uint8Array,
  chunks: AsyncGenerator<Uint8Array, void, undefined>,
  decoder: ReplacingDecoder,
  splitter: RecordSplitter,
  warnings: string[],
): AsyncGenerator<RawRecord[], void, undefined> {
  let warnedAboutBytes = false;
  const append = (text: string) => {
    splitter.push(text);
    if (!warnedAboutBytes && decoder.firstReplacementOffset !== undefined) {
      warnedAboutBytes = true;
      warnings.push(invalidBytesWarning(decoder.encoding, splitter.lineAt(decoder.firstReplacementOffset)));
    }
  };
  try {
    append(decoder.write(head));
    let records = splitter.takeBatch();
    if (records) yield records;
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      append(decoder.write(next.value));
      records = splitter.takeBatch();
      if (records) yield records;
    }
    append(decoder.end());
    records = splitter.finish();
    if (splitter.unclosedQuoteLine !== undefined) {
      warnings.push(`a quote (") opened on line ${splitter.unclosedQuoteLine} is never closed, so the rest of the file was read as one cell`);
    }
    if (records.length) yield records;
  } finally {
    // Close the source when the caller stops early; a no-op after it has ended.
    await chunks.return();
  }
}

function invalidBytesWarning(encoding: EncodingName, line: number): string {
  return (
    `invalid ${ENCODING_LABELS[encoding]} bytes on line ${line} were replaced by \uFFFD; ` +
    'if names or addresses look garbled, choose the file\'s encoding (e.g. windows-1252 or shift_jis)'
  );
}
