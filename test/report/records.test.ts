import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { openRecords, ReportFormatError } from '../../shared/report/records.js';
import { bytesOf, chunksOf, cutAt, outcome, readAll, utf16, utf8, webStream } from './helpers.js';

/** The shared fixtures live next to the repository: test/fixtures/amazon-reports. */
const FIXTURES = new URL('../fixtures/amazon-reports/', import.meta.url);
const fixturePath = (name: string) => fileURLToPath(new URL(name, FIXTURES));
const fixture = (name: string) => new Uint8Array(readFileSync(fixturePath(name)));
const FIXTURE_FILES = readdirSync(FIXTURES).filter((name) => name.endsWith('.txt'));

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('openRecords on the Amazon report fixtures', () => {
  it('finds the fixtures', () => {
    expect(FIXTURE_FILES.length).toBeGreaterThanOrEqual(11);
  });

  const REPORTS = FIXTURE_FILES.filter((name) => !name.endsWith('.json.txt'));
  it.each(REPORTS)('%s opens as tab-delimited text with increasing line numbers', async (name) => {
    const { stream, records } = await readAll(createReadStream(fixturePath(name)));
    expect(stream.delimiter).toBe('\t');
    expect(stream.quoted).toBe(false);
    expect(stream.encodingDetected).toBe(true);
    expect(stream.warnings).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
    for (let i = 1; i < records.length; i++) expect(records[i]!.line).toBeGreaterThan(records[i - 1]!.line);
    for (const { cells } of records) {
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) expect(cell).not.toMatch(/[\r\n]/);
    }
  });

  it('us-new-orders-2009: header + 6 rows of 29 cells, 4 empty trailing cells, final blank line skipped', async () => {
    const { stream, records } = await readAll(fixture('us-new-orders-2009-perl-test.txt'));
    expect(stream.encoding).toBe('utf-8');
    expect(records.map((r) => r.line)).toEqual(lines(1, 7));
    expect(records.every((r) => r.cells.length === 29)).toBe(true);
    expect(records[0]!.cells[0]).toBe('order-id');
    expect(records[0]!.cells[28]).toBe('delivery-Instructions');
    for (const { cells } of records.slice(1)) expect(cells.slice(-4)).toEqual(['', '', '', '']);
  });

  it('it-all-orders-2017: one row of 32 cells, two empty trailing cells, no final newline', async () => {
    const { records } = await readAll(fixture('it-all-orders-2017-scrubbed-one-row.txt'));
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(records.map((r) => r.cells.length)).toEqual([32, 32]);
    expect(records[1]!.cells.slice(-3)).toEqual(['false', '', '']);
  });

  it('us-all-orders-2020: 13 CRLF rows without header, bare quotes kept as data, trailing LF blank lines skipped', async () => {
    const { records } = await readAll(fixture('us-all-orders-2020-fba-rows-no-header-crlf.txt'));
    expect(records.map((r) => r.line)).toEqual(lines(1, 13));
    expect(records.every((r) => r.cells.length === 32)).toBe(true);
    expect(records[0]!.cells[0]).toBe('114-4892924-3377867');
    expect(records[0]!.cells[10]).toBe(
      'Trendy Home 12" x 18" Premium Hypoallergenic Stuffer Home Office Decorative Throw Pillow Insert, Standard/White (12x18)',
    );
    // The CR of each CRLF is gone from the last (empty) cell.
    expect(records.every((r) => r.cells[31] === '')).toBe(true);
  });

  it('in-unshipped-orders-2025: header + 3 rows of 30 cells, no final newline', async () => {
    const { records } = await readAll(fixture('in-unshipped-orders-2025.txt'));
    expect(records.map((r) => r.line)).toEqual(lines(1, 4));
    expect(records.every((r) => r.cells.length === 30)).toBe(true);
    expect(records[0]!.cells).toContain('verge-of-lateShipment');
    expect(records[3]!.cells[29]).toBe('false');
  });

  it('us-fba-2013: header + 1 row of 48 cells, leading zero of the item id kept', async () => {
    const { records } = await readAll(fixture('us-fba-amazon-fulfilled-shipments-2013-one-row.txt'));
    expect(records.map((r) => r.cells.length)).toEqual([48, 48]);
    const itemId = records[0]!.cells.indexOf('amazon-order-item-id');
    expect(records[1]!.cells[itemId]).toBe('07664457044546');
  });

  it.each([
    ['airbyte-actionable-order-data-shipping-headers.txt', 27],
    ['airbyte-archived-orders-by-order-date-headers.txt', 34],
    ['airbyte-returns-by-return-date-a-to-z-claim-headers.txt', 32],
  ])('%s: 3 identical header lines of %i cells', async (name, columns) => {
    const { records } = await readAll(fixture(name));
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(records.every((r) => r.cells.length === columns)).toBe(true);
    expect(records[1]!.cells).toEqual(records[0]!.cells);
  });

  it('airbyte returns report: headers with spaces and mixed case', async () => {
    const { records } = await readAll(fixture('airbyte-returns-by-return-date-a-to-z-claim-headers.txt'));
    expect(records[0]!.cells).toContain('A-to-Z Claim');
    expect(records[0]!.cells[0]).toBe('Order ID');
  });

  it('jp-fba-2017 (UTF-8): header + 17 rows of 49 cells, Japanese intact', async () => {
    const { stream, records } = await readAll(fixture('jp-fba-amazon-fulfilled-shipments-2017.txt'));
    expect(stream.encoding).toBe('utf-8');
    expect(records.map((r) => r.line)).toEqual(lines(1, 18));
    expect(records.every((r) => r.cells.length === 49)).toBe(true);
    expect(records[0]!.cells).toContain('points-granted');
    expect(records.some((r) => r.cells.some((c) => c.includes('テスト')))).toBe(true);
  });

  it('jp-fba-2017 cp932 copy: detected as shift_jis, CRLF, same cells as the UTF-8 file', async () => {
    const sjis = await readAll(fixture('jp-fba-amazon-fulfilled-shipments-2017.cp932-derived.txt'));
    const utf = await readAll(fixture('jp-fba-amazon-fulfilled-shipments-2017.txt'));
    expect(sjis.stream.encoding).toBe('shift_jis');
    expect(sjis.stream.encodingDetected).toBe(true);
    expect(sjis.records).toEqual(utf.records);
  });

  it('the cp932 copy also reads with the encoding forced by an alias', async () => {
    const forced = await readAll(fixture('jp-fba-amazon-fulfilled-shipments-2017.cp932-derived.txt'), { encoding: 'Windows-31J' });
    const utf = await readAll(fixture('jp-fba-amazon-fulfilled-shipments-2017.txt'));
    expect(forced.stream.encoding).toBe('shift_jis');
    expect(forced.stream.encodingDetected).toBe(false);
    expect(forced.records).toEqual(utf.records);
  });

  it('the JSON seller-performance file is read without crashing (the report layer refuses it as JSON)', async () => {
    const { stream, records } = await readAll(fixture('airbyte-seller-performance-report-odr.json.txt'));
    // its lines like `"status": "NORMAL",` have commas: it reads as quoted CSV
    expect(stream.delimiter).toBe(',');
    expect(records[0]).toEqual({ line: 1, cells: ['{'] });
    expect(records.length).toBe(49);
  });

  it.each(FIXTURE_FILES)('%s gives the same result read 1 byte at a time, as a web stream and whole', async (name) => {
    const bytes = fixture(name);
    const whole = await outcome(bytes);
    expect(await outcome(chunksOf(bytes, 1))).toEqual(whole);
    expect(await outcome(webStream([bytes.slice(0, 7), bytes.slice(7)]))).toEqual(whole);
  });
});

describe('encodings', () => {
  const report = 'order-id\tname\tcity\n111-1\tJosé Müller\tKöln\n222-2\t東京 テスト\t大阪\n';
  const expected = [
    { line: 1, cells: ['order-id', 'name', 'city'] },
    { line: 2, cells: ['111-1', 'José Müller', 'Köln'] },
    { line: 3, cells: ['222-2', '東京 テスト', '大阪'] },
  ];

  it('UTF-8 without BOM', async () => {
    const { stream, records } = await readAll(utf8(report));
    expect(stream.encoding).toBe('utf-8');
    expect(records).toEqual(expected);
  });

  it('strips a UTF-8 BOM, also when it arrives one byte at a time', async () => {
    const bytes = utf8('\uFEFF' + report);
    for (const source of [bytes, chunksOf(bytes, 1)]) {
      const { stream, records } = await readAll(source);
      expect(stream.encoding).toBe('utf-8');
      expect(records).toEqual(expected);
    }
  });

  it('keeps a U+FEFF that is not at the start', async () => {
    const { records } = await readAll(utf8('a\tb\n\uFEFFc\td\n'));
    expect(records[1]!.cells).toEqual(['\uFEFFc', 'd']);
  });

  it.each([
    ['le', 'utf-16le'],
    ['be', 'utf-16be'],
  ] as const)('UTF-16 %s with BOM', async (order, encoding) => {
    const bytes = utf16(report, order, true);
    const { stream, records } = await readAll(bytes);
    expect(stream.encoding).toBe(encoding);
    expect(records).toEqual(expected);
    expect(await outcome(chunksOf(bytes, 1))).toEqual(await outcome(bytes));
  });

  it.each([
    ['le', 'utf-16le'],
    ['be', 'utf-16be'],
  ] as const)('UTF-16 %s without BOM, from its NUL-byte pattern', async (order, encoding) => {
    const { stream, records } = await readAll(utf16(report, order, false));
    expect(stream.encoding).toBe(encoding);
    expect(records).toEqual(expected);
  });

  it('a forced "utf-16" takes its byte order from the BOM', async () => {
    const { stream, records } = await readAll(utf16(report, 'be', true), { encoding: 'UTF16' });
    expect(stream.encoding).toBe('utf-16be');
    expect(records).toEqual(expected);
  });

  it('windows-1252 (é as 0xE9, € as 0x80, curly quotes)', async () => {
    const bytes = bytesOf('name\tprice\nCaf', [0xe9], '\t', [0x80], '5\n', [0x93], 'Gr', [0xfc], 'n', [0x94], '\t1\n');
    const { stream, records } = await readAll(bytes);
    expect(stream.encoding).toBe('windows-1252');
    expect(records).toEqual([
      { line: 1, cells: ['name', 'price'] },
      { line: 2, cells: ['Café', '€5'] },
      { line: 3, cells: ['“Grün”', '1'] },
    ]);
  });

  it('windows-1252 that happens to be valid Shift_JIS is not taken for Japanese', async () => {
    // "ét" and "üs" are valid Shift_JIS byte pairs (kanji), but there is no kana.
    const bytes = bytesOf('city\tname\nCr', [0xe9], 'teil\tM', [0xfc], 'ller\n');
    const { stream, records } = await readAll(bytes);
    expect(stream.encoding).toBe('windows-1252');
    expect(records[1]!.cells).toEqual(['Créteil', 'Müller']);
  });

  it.each([
    ['latin1', 'windows-1252'],
    ['CP1252', 'windows-1252'],
    ['utf8', 'utf-8'],
    ['sjis', 'shift_jis'],
    ['cp932', 'shift_jis'],
    ['UTF-16LE', 'utf-16le'],
  ])('accepts the encoding alias %s', async (alias, encoding) => {
    const stream = await openRecords(utf8('a\tb\n'), { encoding: alias });
    expect(stream.encoding).toBe(encoding);
    expect(stream.encodingDetected).toBe(false);
  });

  it('rejects an unknown encoding name', async () => {
    await expect(openRecords(utf8('a\tb\n'), { encoding: 'klingon' })).rejects.toThrow(ReportFormatError);
    await expect(openRecords(utf8('a\tb\n'), { encoding: 'klingon' })).rejects.toThrow(/Unknown encoding "klingon"/);
  });

  it('warns once, with the line, about invalid UTF-8 after the first 64 KB', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${String(i + 2).padStart(4, '0')}\tcafé\t${'x'.repeat(80)}\n`);
    const bytes = utf8('id\tname\tpad\n' + rows.join(''));
    const lineStart = (line: number) => utf8(['id\tname\tpad\n', ...rows].slice(0, line - 1).join('')).length;
    const broken = new Uint8Array(bytes);
    broken[lineStart(812) + 6] = 0xff; // inside "café" on line 812
    broken[lineStart(900) + 6] = 0xfe; // a second one: still one warning
    expect(lineStart(812)).toBeGreaterThan(64 * 1024);

    const { stream, records } = await readAll(broken);
    expect(stream.encoding).toBe('utf-8');
    expect(stream.warnings).toEqual([
      'invalid UTF-8 bytes on line 812 were replaced by \uFFFD; if names or addresses look garbled, choose the file\'s encoding (e.g. windows-1252 or shift_jis)',
    ]);
    const line812 = records.find((r) => r.line === 812)!;
    expect(line812.cells[1]).toContain('\uFFFD');
    expect(records.length).toBe(1001);
    expect(await outcome(chunksOf(broken, 1000))).toEqual(await outcome(broken));
  });

  it('does not warn about a U+FFFD that is properly encoded in the file, even split across chunks', async () => {
    const bytes = utf8('a\tb\n' + 'x\ty\n'.repeat(20000) + 'bad \uFFFD char\tz\n');
    const { stream, records } = await readAll(chunksOf(bytes, 3));
    expect(stream.warnings).toEqual([]);
    expect(records.at(-1)!.cells[0]).toBe('bad \uFFFD char');
  });

  it('warns about a UTF-8 character cut off at the very end', async () => {
    const bytes = new Uint8Array([...utf8('a\tb\n' + 'x\ty\n'.repeat(20000) + 'end\t'), 0xe3, 0x81]);
    const { stream, records } = await readAll(bytes);
    expect(stream.warnings).toHaveLength(1);
    expect(stream.warnings[0]).toMatch(/on line 20002 /);
    expect(records.at(-1)!.cells).toEqual(['end', '\uFFFD']);
  });
});

describe('delimiters and quotes', () => {
  it('comma CSV: quoted commas, doubled quotes and line breaks; the next line numbers count them', async () => {
    const csv =
      'id,name,note\r\n' +
      '1,"Smith, John","said ""hi"""\r\n' +
      '2,"multi\r\nline\r\ncell",x\r\n' +
      '3,plain,y\r\n' +
      '\r\n' +
      '4,"a\nb","c\n\nd"\n' +
      '5,last,"quoted at end"';
    const { stream, records } = await readAll(utf8(csv));
    expect(stream.delimiter).toBe(',');
    expect(stream.quoted).toBe(true);
    expect(records).toEqual([
      { line: 1, cells: ['id', 'name', 'note'] },
      { line: 2, cells: ['1', 'Smith, John', 'said "hi"'] },
      { line: 3, cells: ['2', 'multi\r\nline\r\ncell', 'x'] },
      { line: 6, cells: ['3', 'plain', 'y'] },
      { line: 8, cells: ['4', 'a\nb', 'c\n\nd'] },
      { line: 12, cells: ['5', 'last', 'quoted at end'] },
    ]);
  });

  it('semicolon CSV with decimal commas', async () => {
    const { stream, records } = await readAll(utf8('id;amount;note\n1;12,50;"a;b"\n2;3,00;x\n'));
    expect(stream.delimiter).toBe(';');
    expect(records.map((r) => r.cells)).toEqual([
      ['id', 'amount', 'note'],
      ['1', '12,50', 'a;b'],
      ['2', '3,00', 'x'],
    ]);
  });

  it.each([
    ['a\tb,c;d\n', '\t'],
    ['a,b,c;d\n', ','],
    ['a;b;c,d\n', ';'],
    ['a,b;c\n', ','],
    ['"x;y;z",b\n', ','],
    ['\n  \nsingle column\n', '\t'],
  ])('detects the delimiter of %j as %j', async (text, delimiter) => {
    expect((await openRecords(text)).delimiter).toBe(delimiter);
  });

  it('a forced delimiter wins; quotes follow it', async () => {
    const { stream, records } = await readAll('a,"b\tc",d\n', { delimiter: ',' });
    expect(stream.quoted).toBe(true);
    expect(records[0]!.cells).toEqual(['a', 'b\tc', 'd']);
    const tab = await readAll('a,"b\tc",d\n', { delimiter: '\t' });
    expect(tab.stream.quoted).toBe(false);
    expect(tab.records[0]!.cells).toEqual(['a,"b', 'c",d']);
  });

  it('rejects an unsupported delimiter', async () => {
    await expect(openRecords('a|b\n', { delimiter: '|' })).rejects.toThrow(ReportFormatError);
  });

  it('tab-delimited: quotes are data, even at the start of a field and across lines', async () => {
    const { records } = await readAll('id\tname\tx\n1\t"Trendy Home 12" x 18"\t"open\n2\t"quoted"\t""\n');
    expect(records).toEqual([
      { line: 1, cells: ['id', 'name', 'x'] },
      { line: 2, cells: ['1', '"Trendy Home 12" x 18"', '"open'] },
      { line: 3, cells: ['2', '"quoted"', '""'] },
    ]);
  });

  it('warns about a CSV quote that is never closed', async () => {
    const { stream, records } = await readAll('a,b\n1,"open\n2,x\n');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'open\n2,x\n'] },
    ]);
    expect(stream.warnings).toEqual(['a quote (") opened on line 2 is never closed, so the rest of the file was read as one cell']);
  });

  it('a quoted last cell followed by a lone CR at the end of the file', async () => {
    const { records } = await readAll('a,b\r\n1,"x"\r');
    expect(records[1]!.cells).toEqual(['1', 'x']);
  });
});

describe('lines', () => {
  it('skips empty and whitespace-only lines but counts them; keeps lines of empty cells', async () => {
    const { records } = await readAll('\n  \nh1\th2\n\n \t \n\r\n\t\n1\t2\n   \n');
    expect(records).toEqual([
      { line: 3, cells: ['h1', 'h2'] },
      { line: 5, cells: [' ', ' '] },
      { line: 7, cells: ['', ''] },
      { line: 8, cells: ['1', '2'] },
    ]);
  });

  it('mixed CRLF and LF, trailing tabs, no final newline', async () => {
    const { records } = await readAll('h1\th2\th3\r\n1\t\t\r\n\n2\tb\t\n3\tc\t\r');
    expect(records).toEqual([
      { line: 1, cells: ['h1', 'h2', 'h3'] },
      { line: 2, cells: ['1', '', ''] },
      { line: 4, cells: ['2', 'b', ''] },
      { line: 5, cells: ['3', 'c', ''] },
    ]);
  });

  it('old Mac files with CR only', async () => {
    const { records } = await readAll('h1\th2\r1\t2\r\r3\t4\r');
    expect(records).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });

  it('reads a 10 MB single line', async () => {
    const line = 'x'.repeat(5_000_000) + '\t' + 'y'.repeat(5_000_000);
    const { records } = await readAll(line + '\nnext\tline');
    expect(records).toHaveLength(2);
    expect(records[0]!.cells.map((c) => c.length)).toEqual([5_000_000, 5_000_000]);
    expect(records[1]).toEqual({ line: 2, cells: ['next', 'line'] });
  });

  it('many records come in several batches of about a thousand', async () => {
    const text = 'id\tv\n' + Array.from({ length: 30_000 }, (_, i) => `${i}\t${'v'.repeat(20)}\n`).join('');
    const { records, batchSizes } = await readAll(text);
    expect(records).toHaveLength(30_001);
    expect(records.at(-1)).toEqual({ line: 30_001, cells: ['29999', 'v'.repeat(20)] });
    expect(batchSizes.length).toBeGreaterThan(3);
    expect(batchSizes.slice(0, -1).every((n) => n >= 1024)).toBe(true);
  });

  it('stops with a ReportFormatError at a record of more than 32 million characters', async () => {
    const stream = await openRecords('a,b\n1,"' + 'x'.repeat(34 << 20));
    const drain = async () => {
      for await (const _batch of stream.batches);
    };
    await expect(drain()).rejects.toThrow(/Line 2 starts a record longer than 32 million characters.*never closed/);
  });
});

describe('unusable input', () => {
  it.each([
    ['empty', new Uint8Array(0)],
    ['blank lines', utf8('\n\r\n  \n\t\n')],
    ['a UTF-8 BOM only', utf8('\uFEFF')],
    ['a UTF-16 BOM and spaces', utf16('  \r\n', 'le', true)],
  ])('%s → ReportFormatError', async (_name, bytes) => {
    await expect(openRecords(bytes)).rejects.toThrow(ReportFormatError);
    await expect(openRecords(bytes)).rejects.toThrow(/empty/);
  });

  it('an empty string → ReportFormatError', async () => {
    await expect(openRecords('')).rejects.toThrow(ReportFormatError);
  });

  it.each([
    ['NUL bytes', new Uint8Array(5000)],
    ['random bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + ((i * i) % 251)) & 0xff)],
    ['control characters', utf8('\x01\x02\x03\x04abc\x05\x06\x07\x08\n'.repeat(100))],
    ['text with NULs', utf8('order-id\x00\x00\tname\x00\n'.repeat(50))],
  ])('binary junk (%s) → ReportFormatError', async (_name, bytes) => {
    await expect(openRecords(bytes)).rejects.toThrow(ReportFormatError);
    await expect(openRecords(bytes)).rejects.toThrow(/looks like a binary file, not a text report/);
  });

  it('names an Excel workbook', async () => {
    const xlsx = bytesOf('PK', [3, 4, 20, 0, 6, 0], 'xl/workbook.xml', [0, 0, 0, 0, 200, 13, 0, 0]);
    await expect(openRecords(xlsx)).rejects.toThrow(/binary file, not a text report \(it seems to be an Excel workbook \(.xlsx\)/);
  });

  it('tolerates one stray NUL in a large text file', async () => {
    const text = 'a\tb\n' + 'x\ty\n'.repeat(10_000) + '\x00\tz\n';
    const { records } = await readAll(text);
    expect(records.at(-1)!.cells).toEqual(['\x00', 'z']);
  });

  it('closes the source when it rejects the input', async () => {
    const cancel = vi.fn();
    const source = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(1024)),
      cancel,
    });
    await expect(openRecords(source)).rejects.toThrow(ReportFormatError);
    expect(cancel).toHaveBeenCalled();
  });
});

describe('sources', () => {
  const text = 'id\tname\n1\tÄpfel 🍎\n2\t日本\n';
  const expected = [
    { line: 1, cells: ['id', 'name'] },
    { line: 2, cells: ['1', 'Äpfel 🍎'] },
    { line: 3, cells: ['2', '日本'] },
  ];

  it('a string', async () => {
    const { stream, records } = await readAll(text);
    expect(stream.encoding).toBe('utf-8');
    expect(records).toEqual(expected);
  });

  it('a string ignores an encoding override: it is text already', async () => {
    const { records } = await readAll(text, { encoding: 'shift_jis' });
    expect(records).toEqual(expected);
  });

  it('a long string with astral characters at every position of the internal cuts', async () => {
    const long = 'id\tname\n' + Array.from({ length: 200_000 }, (_, i) => `${i}\t${'🍎'.repeat(i % 3)}\n`).join('');
    const { records } = await readAll(long);
    expect(records).toHaveLength(200_001);
    expect(records.every((r, i) => i === 0 || r.cells[1] === '🍎'.repeat((i - 1) % 3))).toBe(true);
  });

  it('a web ReadableStream', async () => {
    const bytes = utf8(text);
    const { records } = await readAll(webStream([bytes.slice(0, 13), bytes.slice(13, 14), bytes.slice(14)]));
    expect(records).toEqual(expected);
  });

  it('a Uint8Array', async () => {
    expect((await readAll(utf8(text))).records).toEqual(expected);
  });

  it('1-byte chunks give the same result as one chunk', async () => {
    const bytes = utf8(text);
    expect(await outcome(chunksOf(bytes, 1))).toEqual(await outcome(bytes));
    expect(await outcome(cutAt(bytes, [1, 2, 15, 16, 17]))).toEqual(await outcome(bytes));
  });

  it('stopping early cancels a web stream', async () => {
    const cancel = vi.fn();
    const row = utf8('1234567\tsome product name\t2024-01-01\n'.repeat(2000));
    let first = true;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(first ? utf8('id\tname\tdate\n') : row);
        first = false;
      },
      cancel,
    });
    const stream = await openRecords(source);
    for await (const batch of stream.batches) {
      expect(batch[0]!.cells).toEqual(['id', 'name', 'date']);
      break;
    }
    expect(cancel).toHaveBeenCalled();
  });
});
