import type { WorkbookSettings } from './host.js';

/**
 * What the sync remembers in the workbook (shared by every colleague who opens it, so anyone continues
 * where the last one stopped): the /v1/changes cursor, and per order line the version last seen and the
 * operator cells as the sheet held them then. Comparing the sheet with that snapshot is how edits made
 * since the last sync are found. Stored compactly (about 35 bytes a line plus the operator texts, zones
 * listed once): the workbook's settings then hold some 40,000 lines.
 */
const CURSOR_KEY = 'atoz.sync.cursor';
const LINES_KEY = 'atoz.sync.lines';
const ZONES_KEY = 'atoz.sync.zones';
/** Office keeps a document's settings in a few MB at most; past this the sync warns before it fails. */
export const SETTINGS_BUDGET_BYTES = 1_500_000;
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

export class SyncState {
  cursor: string;
  private readonly lines: Map<string, LineSnapshot>;

  private constructor(
    private readonly settings: WorkbookSettings,
    cursor: string,
    lines: Map<string, LineSnapshot>,
  ) {
    this.cursor = cursor;
    this.lines = lines;
  }

  static load(settings: WorkbookSettings): SyncState {
    const cursor = settings.get(CURSOR_KEY);
    const stored = settings.get(LINES_KEY);
    const zones = settings.get(ZONES_KEY);
    const zoneAt = (index: unknown) => (Array.isArray(zones) && typeof index === 'number' && typeof zones[index] === 'string' ? (zones[index] as string) : undefined);
    const lines = new Map<string, LineSnapshot>();
    if (stored && typeof stored === 'object') {
      for (const [key, entry] of Object.entries(stored as Record<string, StoredLine>)) {
        const zone = Array.isArray(entry) ? zoneAt(entry[1]) : undefined;
        if (!Array.isArray(entry) || typeof entry[0] !== 'number' || zone === undefined || typeof entry[2] !== 'string') continue;
        lines.set(lineKeyOf(key), { version: entry[0], zone, texts: entry[2].split(TEXT_SEPARATOR), ...(entry[3] ? { pending: true } : {}) });
      }
    }
    return new SyncState(settings, typeof cursor === 'string' && /^\d+$/.test(cursor) ? cursor : '0', lines);
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

  /** Writes the state into the workbook's settings; returns the bytes the lines take. */
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
    this.settings.set(CURSOR_KEY, this.cursor);
    this.settings.set(ZONES_KEY, zones);
    this.settings.set(LINES_KEY, stored);
    await this.settings.save();
    return JSON.stringify(stored).length;
  }
}

function trimTrailingEmpty(texts: string[]): string[] {
  let end = texts.length;
  while (end > 0 && texts[end - 1] === '') end--;
  return texts.slice(0, end);
}
