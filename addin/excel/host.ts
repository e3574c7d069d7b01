/// <reference types="office-js" />

/**
 * Everything the glue needs from Office, injected so that office-addin-mock in unit tests and a fake
 * host in the browser test can stand in for Excel. `officeHost()` is the real one.
 */

/** `Excel.run`: runs a batch against the workbook with a fresh request context. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/**
 * The workbook's own settings (Office.context.document.settings): shared by everyone who opens it.
 * Each pane works on an in-memory copy loaded when it starts
 * (https://learn.microsoft.com/javascript/api/office/office.settings): `set` and `remove` change that
 * copy only, `save` (saveAsync) writes the whole copy into the document, and what another pane saved
 * meanwhile is seen only after `refresh` (refreshAsync). On desktop Excel the document's settings reach
 * the file when the workbook itself is saved.
 */
export interface WorkbookSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  /** Persists the in-memory copy into the document (saveAsync). */
  save(): Promise<void>;
  /** Reads the document's settings into the in-memory copy (refreshAsync): what other panes saved. */
  refresh(): Promise<void>;
}

export interface ExcelHost {
  run: ExcelRun;
  settings: WorkbookSettings;
  /** Office.context.requirements.isSetSupported('ExcelApi', version). */
  supportsExcelApi(version: string): boolean;
  /** IANA zone of this computer's clock, the clock Excel's NOW() reads here. */
  timeZone: string;
  /** Office.context.displayLanguage: the workbook's language the first time it is flagged. */
  displayLanguage?: string;
}

/** The host inside Excel: Office.js globals (call after Office.onReady). */
export function officeHost(): ExcelHost {
  const settings = Office.context.document.settings;
  return {
    run: (batch) => Excel.run(batch),
    settings: {
      get: (name) => settings.get(name) as unknown,
      set: (name, value) => settings.set(name, value),
      remove: (name) => settings.remove(name),
      save: () =>
        new Promise((resolve, reject) =>
          settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(result.error))),
        ),
      refresh: () =>
        new Promise((resolve, reject) =>
          settings.refreshAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(result.error))),
        ),
    },
    supportsExcelApi: (version) => Office.context.requirements.isSetSupported('ExcelApi', version),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    displayLanguage: Office.context.displayLanguage,
  };
}
