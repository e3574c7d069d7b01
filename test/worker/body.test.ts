import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../shared/report/read-report.js';
import { PayloadTooLargeError } from '../../worker/app/body/errors.js';
import { limitedBody } from '../../worker/app/body/limit.js';
import { parseMediaType } from '../../worker/app/body/media-type.js';
import { openMultipartFile } from '../../worker/app/body/multipart.js';
import { Utf8Guard } from '../../worker/app/body/utf8-guard.js';
import { outputFormatFor } from '../../worker/app/negotiate.js';
import { multipartBody, splitBytes } from './helpers.js';

async function* chunksOf(parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: number[] = [];
  for await (const chunk of source) parts.push(...chunk);
  return new Uint8Array(parts);
}

const BOUNDARY = 'XyZ--boundary';
const encoder = new TextEncoder();

describe('streaming multipart parser', () => {
  it('returns the file\'s exact bytes however the body is cut into chunks', async () => {
    // Content full of near-boundaries: line breaks, dashes, the boundary's own prefix.
    const tricky = fc.constantFrom('\r\n', '\r', '\n', '-', '--', `--${BOUNDARY.slice(0, 5)}`, `\r\n--${BOUNDARY.slice(0, -1)}`, 'a', 'é', '\u0000');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(tricky, fc.string({ maxLength: 20 })), { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        async (pieces, sizes, fieldFirst) => {
          const text = pieces.join('');
          // A body whose content holds its own delimiter is not multipart (RFC 2046: senders pick a boundary that does not occur).
          fc.pre(!`\r\n${text}`.includes(`\r\n--${BOUNDARY}`));
          const content = encoder.encode(text);
          const parts: Parameters<typeof multipartBody>[0] = [{ name: 'file', fileName: 'a.csv', content }];
          if (fieldFirst) parts.unshift({ name: 'note', content: `x\r\n--${BOUNDARY.slice(0, 3)}` });
          const { body } = multipartBody(parts, BOUNDARY);
          const file = await openMultipartFile(chunksOf(splitBytes(body, sizes)), BOUNDARY);
          expect(file.fileName).toBe('a.csv');
          expect(await collect(file.bytes)).toEqual(content);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a preamble, a quoted filename* (RFC 8187) and the part\'s charset', async () => {
    const body = encoder.encode(
      `this is a preamble\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="report"; filename*=UTF-8''Bestellungen%20M%C3%A4rz.csv\r\n` +
        `Content-Type: text/csv; charset=windows-1252\r\n\r\nabc\r\n--${BOUNDARY}--\r\nepilogue`,
    );
    const file = await openMultipartFile(chunksOf([body]), BOUNDARY);
    expect(file.fileName).toBe('Bestellungen März.csv');
    expect(file.contentType?.params['charset']).toBe('windows-1252');
    expect(new TextDecoder().decode(await collect(file.bytes))).toBe('abc');
  });

  it('refuses a second file once the first has been read', async () => {
    const { body } = multipartBody([
      { name: 'file', fileName: 'a.csv', content: 'one' },
      { name: 'other', fileName: 'b.csv', content: 'two' },
    ], BOUNDARY);
    const file = await openMultipartFile(chunksOf([body]), BOUNDARY);
    await expect(collect(file.bytes)).rejects.toThrow('more than one file');
  });

  it('refuses oversized part headers instead of buffering them', async () => {
    const body = encoder.encode(`--${BOUNDARY}\r\nX-Junk: ${'j'.repeat(20_000)}\r\n\r\nabc\r\n--${BOUNDARY}--\r\n`);
    await expect(openMultipartFile(chunksOf(splitBytes(body, [1000])), BOUNDARY)).rejects.toThrow('16 KB of headers');
  });
});

describe('UTF-8 guard', () => {
  const check = async (bytes: Uint8Array, sizes: number[], encoding = 'utf-8') => {
    const guard = new Utf8Guard();
    const passed = guard.check(chunksOf(splitBytes(bytes, sizes)));
    const first = await passed.next();
    guard.enforceFor(encoding);
    const rest = await collect(passed);
    return new Uint8Array([...(first.value ?? []), ...rest]);
  };

  it('agrees with a strict TextDecoder on any bytes, however chunked, and passes them through unchanged', async () => {
    const sample = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => encoder.encode(s)), fc.uint8Array({ maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), async (pieces, sizes) => {
        const bytes = new Uint8Array(pieces.flatMap((p) => [...p]));
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        if (bytes.length === 0) return;
        if (valid) expect(await check(bytes, sizes)).toEqual(bytes);
        else await expect(check(bytes, sizes)).rejects.toBeInstanceOf(ReportError);
      }),
      { numRuns: 500 },
    );
  });

  it('names the line of the first bad byte, and ignores other encodings', async () => {
    const bytes = new Uint8Array([...encoder.encode('a,b\r\nc,d\ne'), 0xc3, 0x28, ...encoder.encode('\nf')]);
    await expect(check(bytes, [2])).rejects.toThrow('line 3 holds bytes');
    expect(await check(bytes, [2], 'windows-1252')).toEqual(bytes);
    // a character cut off at the very end
    await expect(check(new Uint8Array([0x61, 0xe2, 0x82]), [1])).rejects.toThrow('line 1');
  });
});

describe('helpers', () => {
  it('limitedBody counts while streaming and stops past the limit', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(100));
        controller.close();
      },
    });
    await expect(collect(limitedBody(stream, 550, new AbortController().signal))).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('parseMediaType reads quoted and plain parameters', () => {
    expect(parseMediaType('Multipart/Form-Data; boundary="a b;c"; charset=UTF-8')).toEqual({ essence: 'multipart/form-data', params: { boundary: 'a b;c', charset: 'UTF-8' } });
    expect(parseMediaType('')).toBeNull();
  });

  it('outputFormatFor negotiates like the route', () => {
    expect(outputFormatFor(undefined)).toBe('json');
    expect(outputFormatFor('application/x-ndjson')).toBe('ndjson');
    expect(outputFormatFor('text/*')).toBe('csv');
    expect(outputFormatFor('text/csv;q=0, */*;q=0.5')).toBe('json');
    expect(() => outputFormatFor('image/png')).toThrow('Accept');
  });
});
