/// <reference types="office-js" />
import type { SyncMeter } from './sync-meter.js';

/**
 * Where the sync snapshot lives: custom XML parts of the workbook (ExcelApi 1.5,
 * https://learn.microsoft.com/javascript/api/excel/excel.customxmlpartcollection), not the document
 * settings, which outgrow their room past ~17k lines. The snapshot is a JSON text cut into segments of
 * at most SEGMENT_CHARS, one part each, so no sync carries more than one segment (Excel on the web
 * refuses a request or response over 5 MB).
 *
 * Saves never overwrite: a save adds its segments as new parts (one save id), and only then deletes the
 * parts it had loaded. A load reads every complete save (all its segments present) in the namespace;
 * the caller merges them. Two panes (co-authors) saving at once thus both leave their save behind,
 * and the next load merges the two; a save cut short leaves an incomplete set that loads ignore.
 */
export const SYNC_XML_NAMESPACE = 'http://schemas.atoz-guard.app/excel/sync-snapshot/1';
/** Characters of JSON per part: ≤ 2.4 MB on the wire even if every one is a CJK text (3 bytes) escaped. */
export const SEGMENT_CHARS = 600_000;
const ROOT = 'atozSync';

export interface StoredSave {
  cursor: string;
  /** The snapshot's JSON (sync-state.ts reads it). */
  json: string;
}

interface Segment {
  partId: string;
  save: string;
  index: number;
  count: number;
  cursor: string;
  body: string;
}

export class SnapshotStore {
  /** The parts of the saves loaded (or written) last: the next save replaces them. */
  private owned: Excel.CustomXmlPart[] = [];

  constructor(
    private readonly context: Excel.RequestContext,
    private readonly meter: SyncMeter,
  ) {}

  /** Every complete save in the workbook. One sync to list the parts, one per part to read it. */
  async load(): Promise<StoredSave[]> {
    const listed = this.context.workbook.customXmlParts.getByNamespace(SYNC_XML_NAMESPACE);
    listed.load('items/id');
    await this.meter.sync(this.context);
    const segments: Segment[] = [];
    const byId = new Map(listed.items.map((part) => [part.id, part]));
    for (const part of listed.items) {
      const xml = part.getXml();
      await this.meter.sync(this.context);
      const segment = parseSegment(part.id, xml.value);
      if (segment) segments.push(segment);
    }
    const saves = completeSaves(segments);
    this.owned = saves.flatMap((save) => save.map((segment) => byId.get(segment.partId)!));
    return saves.map((save) => ({ cursor: save[0]!.cursor, json: save.map((segment) => unescapeXml(segment.body)).join('') }));
  }

  /**
   * Adds the snapshot as a new save, a sync per segment; the last one also deletes the saves it
   * replaces (after the add in the same batch: a batch that fails at the add deletes nothing).
   */
  async save(snapshot: StoredSave): Promise<void> {
    const id = saveId();
    const bodies = splitJson(snapshot.json, SEGMENT_CHARS);
    const added: Excel.CustomXmlPart[] = [];
    for (const [index, body] of bodies.entries()) {
      const xml = `<${ROOT} xmlns="${SYNC_XML_NAMESPACE}" save="${id}" index="${index}" count="${bodies.length}" cursor="${escapeAttribute(snapshot.cursor)}">${escapeXml(body)}</${ROOT}>`;
      this.meter.send(xml);
      const part = this.context.workbook.customXmlParts.add(xml);
      part.load('id');
      added.push(part);
      if (index < bodies.length - 1) {
        await this.meter.sync(this.context);
        continue;
      }
      for (const old of this.owned) old.delete();
      try {
        await this.meter.sync(this.context);
      } catch (error) {
        // Another pane deleted some of the same parts meanwhile (it merged them too): the add went
        // through before the failing delete; delete what is left on a fresh listing.
        if ((error as { code?: unknown }).code !== 'ItemNotFound') throw error;
        await this.deleteParts(this.owned.map((old) => old.id));
      }
    }
    this.owned = added;
  }

  /** Deletes those of `ids` still in the workbook, on a fresh listing (retried if another pane races). */
  private async deleteParts(ids: readonly string[]): Promise<void> {
    const wanted = new Set(ids);
    for (let attempt = 0; attempt < 3; attempt++) {
      const listed = this.context.workbook.customXmlParts.getByNamespace(SYNC_XML_NAMESPACE);
      listed.load('items/id');
      await this.meter.sync(this.context);
      const present = listed.items.filter((part) => wanted.has(part.id));
      if (present.length === 0) return;
      for (const part of present) part.delete();
      try {
        await this.meter.sync(this.context);
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ItemNotFound') throw error;
      }
    }
  }
}

function saveId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const attribute = (xml: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1];

function parseSegment(partId: string, xml: string): Segment | undefined {
  const open = xml.indexOf(`<${ROOT}`);
  const start = xml.indexOf('>', open);
  const end = xml.lastIndexOf(`</${ROOT}>`);
  if (open < 0 || start < 0 || end < start) return undefined;
  const head = xml.slice(open, start);
  const [save, index, count, cursor] = ['save', 'index', 'count', 'cursor'].map((name) => attribute(head, name));
  if (!save || index === undefined || count === undefined || cursor === undefined) return undefined;
  return { partId, save, index: Number(index), count: Number(count), cursor: unescapeXml(cursor), body: xml.slice(start + 1, end) };
}

/** The saves whose every segment is there, each in segment order. */
function completeSaves(segments: readonly Segment[]): Segment[][] {
  const bySave = new Map<string, Segment[]>();
  for (const segment of segments) bySave.set(segment.save, [...(bySave.get(segment.save) ?? []), segment]);
  return [...bySave.values()].flatMap((parts) => {
    const count = parts[0]!.count;
    const ordered = [...parts].sort((a, b) => a.index - b.index);
    const complete = ordered.length === count && ordered.every((segment, i) => segment.index === i && segment.count === count);
    return complete ? [ordered] : [];
  });
}

/**
 * Cuts JSON text into pieces of at most `size` characters, never inside a surrogate pair. JSON.stringify
 * writes the controls XML cannot hold (U+0000–U+001F, lone surrogates) as \u escapes; U+FFFE and U+FFFF
 * are escaped here.
 */
function splitJson(json: string, size: number): string[] {
  const text = json.replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  const pieces: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + size);
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end]!)) end--;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces.length > 0 ? pieces : [''];
}

/** Text content: & < > escaped (quotes, frequent in JSON, stay as they are). */
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeXml(text).replace(/"/g, '&quot;');

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity === 'amp') return '&';
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
}
