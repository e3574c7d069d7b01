/// <reference types="office-js" />
import type { WorkbookSettings } from './host.js';
import type { SyncMeter } from './sync-meter.js';
import { SnapshotStore, type StoredSave } from './sync-store.js';

/**
 * What the sync remembers in the workbook (shared by every colleague who opens it, so anyone continues
 * where the last one stopped): the /v1/changes cursor, and per order line the version last seen and the
 * operator cells as the sheet held them then. Comparing the sheet with that snapshot is how edits made
 * since the last sync are found. Stored compactly (about 35 bytes a line plus the operator texts, zones
 * listed once) in custom XML parts (sync-store.ts): a 100,000-line sheet takes a handful of parts.
 *
 * Earlier versions kept it in the document settings (LEGACY_KEYS): it is read from there once, merged,
 * and removed from the settings at the next save.
 */
const CURSOR_KEY = 'atoz.sync.cursor';
const LINES_KEY = 'atoz.sync.lines';
const ZONES_KEY = 'atoz.sync.zones';
const LEGACY_KEYS = [CURSOR_KEY, LINES_KEY, ZONES_KEY] as const;
/** JSON writes U+001F as six characters, a tab as two: tabs separate the texts and stand for the line key's U+001F. */
const TEXT_SEPARATOR = '\t';
const storedKey = (lineKey: string) => lineKey.replace('\u001f', '\t');
const lineKeyOf = (stored: string) => stored.replace('\t', '\u001f');
const storedText = (text: string) => text.replaceAll('\t', ' ');

export interface LineSnapshot {
  /** The worker's version of the line the texts were in agreement with (0: never agreed). */
  version: number;
  /** The line's marketplace zone (zone-less dates in the sheet are read in it). */
  zone: string;
  /** Operator cell texts, in OPERATOR_SHEET_FIELDS order ('' where the sheet has no such column). */
  texts: string[];
  /**
   * The sheet and the worker disagree and the operator has not chosen yet: the next sync raises the
   * conflict again rather than forgetting it.
   */
  pending?: boolean;
}

/** The zone is an index into the zones list (a workbook has a handful of marketplaces). */
type StoredLine = [version: number, zone: number, texts: string, pending?: 1];
interface StoredSnapshot {
  zones: string[];
  lines: Record<string, StoredLine>;
}

export class SyncState {
  cursor: string;
  private readonly lines: Map<string, LineSnapshot>;

  private constructor(
    private readonly settings: WorkbookSettings,
    private readonly store: SnapshotStore,
    cursor: string,
    lines: Map<string, LineSnapshot>,
    private legacy: boolean,
  ) {
    this.cursor = cursor;
    this.lines = lines;
  }

  /**
   * Reads every save in the workbook (and the legacy settings) and merges them: per line the higher
   * version, the later cursor. Read the document settings afresh (`settings.refresh()`) first.
   */
  static async load(context: Excel.RequestContext, settings: WorkbookSettings, meter: SyncMeter): Promise<SyncState> {
    const store = new SnapshotStore(context, meter);
    const saves = await store.load();
    const legacyCursor = settings.get(CURSOR_KEY);
    const legacy = legacyCursor !== undefined && legacyCursor !== null;
    let cursor = '0';
    const lines = new Map<string, LineSnapshot>();
    const merge = (save: { cursor: unknown; zones: unknown; lines: unknown }) => {
      cursor = laterCursor(cursor, save.cursor);
      for (const [key, line] of decodeLines(save.zones, save.lines)) {
        const have = lines.get(key);
        if (!have || newer(line, have)) lines.set(key, line);
      }
    };
    if (legacy) merge({ cursor: legacyCursor, zones: settings.get(ZONES_KEY), lines: settings.get(LINES_KEY) });
    for (const save of saves) {
      const parsed = parseSave(save);
      if (parsed) merge({ cursor: save.cursor, ...parsed });
    }
    return new SyncState(settings, store, cursor, lines, legacy);
  }

  get(lineKey: string): LineSnapshot | undefined {
    return this.lines.get(lineKey);
  }

  set(lineKey: string, snapshot: LineSnapshot): void {
    this.lines.set(lineKey, snapshot);
  }

  get size(): number {
    return this.lines.size;
  }

  pendingLineKeys(): string[] {
    return [...this.lines].filter(([, line]) => line.pending).map(([key]) => key);
  }

  /** Writes the state into the workbook (a new save replacing the ones loaded); returns its bytes. */
  async save(): Promise<number> {
    const zones: string[] = [];
    const zoneIndex = (zone: string) => {
      let at = zones.indexOf(zone);
      if (at < 0) at = zones.push(zone) - 1;
      return at;
    };
    const stored: Record<string, StoredLine> = {};
    for (const [lineKey, line] of this.lines) {
      const texts = trimTrailingEmpty(line.texts).map(storedText).join(TEXT_SEPARATOR);
      stored[storedKey(lineKey)] = line.pending ? [line.version, zoneIndex(line.zone), texts, 1] : [line.version, zoneIndex(line.zone), texts];
    }
    const json = JSON.stringify({ zones, lines: stored } satisfies StoredSnapshot);
    await this.store.save({ cursor: this.cursor, json });
    if (this.legacy) {
      for (const key of LEGACY_KEYS) this.settings.remove(key);
      await this.settings.save();
      this.legacy = false;
    }
    return json.length;
  }
}

function parseSave(save: StoredSave): { zones: unknown; lines: unknown } | undefined {
  try {
    const parsed = JSON.parse(save.json) as Partial<StoredSnapshot> | null;
    return parsed && typeof parsed === 'object' ? { zones: parsed.zones, lines: parsed.lines } : undefined;
  } catch {
    return undefined;
  }
}

function decodeLines(zones: unknown, stored: unknown): Map<string, LineSnapshot> {
  const zoneAt = (index: unknown) => (Array.isArray(zones) && typeof index === 'number' && typeof zones[index] === 'string' ? (zones[index] as string) : undefined);
  const lines = new Map<string, LineSnapshot>();
  if (!stored || typeof stored !== 'object') return lines;
  for (const [key, entry] of Object.entries(stored as Record<string, StoredLine>)) {
    const zone = Array.isArray(entry) ? zoneAt(entry[1]) : undefined;
    if (!Array.isArray(entry) || typeof entry[0] !== 'number' || zone === undefined || typeof entry[2] !== 'string') continue;
    lines.set(lineKeyOf(key), { version: entry[0], zone, texts: entry[2].split(TEXT_SEPARATOR), ...(entry[3] ? { pending: true } : {}) });
  }
  return lines;
}

/** The line of the later version wins; at the same version an open conflict is kept. */
const newer = (line: LineSnapshot, than: LineSnapshot) => line.version > than.version || (line.version === than.version && line.pending === true && !than.pending);

/** Cursors are decimal strings of any length. */
function laterCursor(a: string, b: unknown): string {
  if (typeof b !== 'string' || !/^\d+$/.test(b)) return a;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return y.length > x.length || (y.length === x.length && y > x) ? y : a;
}

function trimTrailingEmpty(texts: string[]): string[] {
  let end = texts.length;
  while (end > 0 && texts[end - 1] === '') end--;
  return texts.slice(0, end);
}
