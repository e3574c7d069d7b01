import type { WorkbookSettings } from '../../addin/excel/host.js';

/**
 * Office document settings as both Excel doubles model them, after
 * https://learn.microsoft.com/javascript/api/office/office.settings:
 *
 * - settings are per add-in and per document: the `document` map is the workbook's, shared by every
 *   pane (every co-author) that opens it;
 * - each pane holds an in-memory copy, loaded when the add-in starts; `get`, `set` and `remove` touch
 *   only that copy ("Settings.set … affects only the in-memory copy of the settings property bag");
 * - `saveAsync` persists the pane's whole in-memory bag into the document (what another pane saved
 *   meanwhile and this one never read is overwritten);
 * - `refreshAsync` reads the document's settings into the copy: before it, another pane's saved values
 *   are not visible.
 * Values are stored as JSON-like copies (names are strings, values string, number, boolean, null,
 * object or array).
 */
export class DocumentSettings {
  /** What the document holds (the last bag saved). */
  readonly document = new Map<string, unknown>();
  saves = 0;
  refreshes = 0;

  /** A pane's settings: its copy is loaded now, as when the add-in starts. */
  pane(): WorkbookSettings {
    let copy = this.snapshot();
    return {
      get: (name) => structuredClone(copy.get(name)),
      set: (name, value) => void copy.set(name, structuredClone(value)),
      remove: (name) => void copy.delete(name),
      save: async () => {
        await Promise.resolve();
        this.document.clear();
        for (const [name, value] of copy) this.document.set(name, structuredClone(value));
        this.saves++;
      },
      refresh: async () => {
        await Promise.resolve();
        copy = this.snapshot();
        this.refreshes++;
      },
    };
  }

  private snapshot(): Map<string, unknown> {
    return new Map([...this.document].map(([name, value]) => [name, structuredClone(value)]));
  }
}
