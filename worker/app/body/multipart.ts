import { HttpProblem } from '../problem.js';
import { parseMediaType, type MediaType } from './media-type.js';

/** The one file of a multipart/form-data upload, its content streamed as it arrives. */
export interface MultipartFile {
  fileName: string | null;
  contentType: MediaType | null;
  /** The file's bytes. Reading it to the end also checks the rest of the body (no second file, a closing boundary). */
  bytes: AsyncGenerator<Uint8Array, void, undefined>;
}

/** Part headers larger than this are not a browser's or curl's: refuse rather than buffer. */
const MAX_HEADER_BYTES = 16 * 1024;
const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

const CUT_OFF = 'The multipart body ended before its closing boundary: the upload was cut off.';
const NO_BOUNDARY = 'The multipart body holds no boundary line: is the boundary in the Content-Type right?';

const badMultipart = (detail: string) => new HttpProblem(400, 'invalid-multipart', 'Invalid multipart body', detail);

/**
 * Finds the file part of a multipart/form-data body (the first part with a filename, or the part named
 * `file`) and streams its content without buffering the body: only a boundary's length of bytes is held
 * back at a time. Fields before the file are skipped; a second file, or a body cut off before its closing
 * boundary (an interrupted upload), is an error when the file has been read.
 */
export async function openMultipartFile(source: AsyncIterable<Uint8Array>, boundary: string): Promise<MultipartFile> {
  const scanner = new MultipartScanner(source[Symbol.asyncIterator](), boundary);
  try {
    await scanner.skipPreamble();
    for (;;) {
      const headers = await scanner.nextPartHeaders();
      if (!headers) throw badMultipart('The multipart body has no file part: send the report as a part with a filename (or named "file").');
      const part = describePart(headers);
      if (part.isFile) return { fileName: part.fileName, contentType: part.contentType, bytes: scanner.fileContent() };
      for await (const _ of scanner.untilDelimiter()) {
        // a form field before the file: not needed
      }
    }
  } catch (error) {
    await scanner.close();
    throw error;
  }
}

interface PartInfo {
  isFile: boolean;
  fileName: string | null;
  contentType: MediaType | null;
}

function describePart(headers: Map<string, string>): PartInfo {
  const disposition = parseMediaType(headers.get('content-disposition'));
  const encodedName = disposition?.params['filename*'];
  const fileName = encodedName !== undefined ? decodeExtValue(encodedName) : (disposition?.params['filename'] ?? null);
  return {
    isFile: fileName !== null || disposition?.params['name'] === 'file',
    fileName: fileName || null,
    contentType: parseMediaType(headers.get('content-type')),
  };
}

/** RFC 8187 `UTF-8''orders%20m%C3%A4rz.csv`. */
function decodeExtValue(value: string): string {
  const quote = value.indexOf("''");
  try {
    return decodeURIComponent(quote >= 0 ? value.slice(quote + 2) : value);
  } catch {
    return value;
  }
}

class MultipartScanner {
  /** `\r\n--boundary`: every boundary but the first is preceded by a line break; the first gets a virtual one. */
  private readonly delimiter: Uint8Array;
  private buffer: Uint8Array = new Uint8Array([CR, LF]);
  private at = 0;
  private ended = false;

  constructor(
    private readonly source: AsyncIterator<Uint8Array>,
    boundary: string,
  ) {
    this.delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
  }

  async skipPreamble(): Promise<void> {
    for await (const _ of this.untilDelimiter(NO_BOUNDARY)) {
      // text before the first boundary is ignored (RFC 2046)
    }
  }

  /** After a boundary: the next part's headers, or null at the closing boundary (`--boundary--`). */
  async nextPartHeaders(): Promise<Map<string, string> | null> {
    await this.need(2);
    if (this.buffer[this.at] === DASH && this.buffer[this.at + 1] === DASH) return null;
    // Transport padding (spaces or tabs) may follow a boundary before its line break.
    for (;;) {
      await this.need(1);
      const byte = this.buffer[this.at];
      if (byte !== 0x20 && byte !== 0x09) break;
      this.at++;
    }
    await this.need(2);
    if (this.buffer[this.at] !== CR || this.buffer[this.at + 1] !== LF) throw badMultipart('A multipart boundary line is not followed by a line break.');
    this.at += 2;
    return this.readHeaders();
  }

  /** The file part's content up to the next boundary, then a check of what follows it. */
  async *fileContent(): AsyncGenerator<Uint8Array, void, undefined> {
    let finished = false;
    try {
      yield* this.untilDelimiter();
      await this.checkRest();
      finished = true;
    } finally {
      // The consumer stopped early (bad input, over the limit): stop reading the upload too.
      if (!finished) await this.close();
    }
  }

  async close(): Promise<void> {
    this.ended = true;
    await this.source.return?.();
  }

  private async checkRest(): Promise<void> {
    for (;;) {
      const headers = await this.nextPartHeaders();
      if (!headers) return;
      if (describePart(headers).isFile) throw badMultipart('The multipart body holds more than one file: send one report per request.');
      for await (const _ of this.untilDelimiter()) {
        // a form field after the file
      }
    }
  }

  /** Yields bytes up to the next delimiter and consumes it; holds back only what could be its start. */
  async *untilDelimiter(endedMessage = CUT_OFF): AsyncGenerator<Uint8Array, void, undefined> {
    const keep = this.delimiter.length - 1;
    for (;;) {
      const found = indexOfBytes(this.buffer, this.delimiter, this.at);
      if (found >= 0) {
        if (found > this.at) yield this.buffer.subarray(this.at, found);
        this.at = found + this.delimiter.length;
        return;
      }
      const safeEnd = this.buffer.length - keep;
      if (safeEnd > this.at) {
        const chunk = this.buffer.subarray(this.at, safeEnd);
        this.at = safeEnd;
        yield chunk;
      }
      if (!(await this.pull())) throw badMultipart(endedMessage);
    }
  }

  private async readHeaders(): Promise<Map<string, string>> {
    await this.need(2);
    let end: number;
    if (this.buffer[this.at] === CR && this.buffer[this.at + 1] === LF) {
      end = this.at; // no headers at all
    } else {
      const blankLine = new Uint8Array([CR, LF, CR, LF]);
      for (;;) {
        end = indexOfBytes(this.buffer, blankLine, this.at);
        if (end >= 0) {
          end += 2;
          break;
        }
        if (this.buffer.length - this.at > MAX_HEADER_BYTES) throw badMultipart('A multipart part has more than 16 KB of headers.');
        if (!(await this.pull())) throw badMultipart('The multipart body ended inside a part\'s headers.');
      }
    }
    const text = new TextDecoder().decode(this.buffer.subarray(this.at, end));
    this.at = end + 2;
    const headers = new Map<string, string>();
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    return headers;
  }

  /** Makes at least `count` unread bytes available, or fails: the body ended too early. */
  private async need(count: number): Promise<void> {
    while (this.buffer.length - this.at < count) {
      if (!(await this.pull())) throw badMultipart(CUT_OFF);
    }
  }

  /** Appends the next chunk after the unread bytes (a copy only of the few held-back bytes plus the chunk). */
  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const unread = this.buffer.length - this.at;
    if (unread === 0) {
      this.buffer = next.value;
    } else {
      const joined = new Uint8Array(unread + next.value.length);
      joined.set(this.buffer.subarray(this.at));
      joined.set(next.value, unread);
      this.buffer = joined;
    }
    this.at = 0;
    return true;
  }
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first, from); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}
