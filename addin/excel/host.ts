/// <reference types="office-js" />

/**
 * Everything the glue needs from Office, injected so that office-addin-mock in unit tests and a fake
 * host in the browser test can stand in for Excel. `officeHost()` is the real one.
 */

/** `Excel.run`: runs a batch against the workbook with a fresh request context. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The workbook's own settings (Office.context.document.settings): shared by everyone who opens it. */
export interface WorkbookSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  /** Persists the settings into the document. */
  save(): Promise<void>;
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
      save: () =>
        new Promise((resolve, reject) =>
          settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(result.error))),
        ),
    },
    supportsExcelApi: (version) => Office.context.requirements.isSetSupported('ExcelApi', version),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    displayLanguage: Office.context.displayLanguage,
  };
}
