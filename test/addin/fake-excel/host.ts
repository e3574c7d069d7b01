/// <reference types="office-js" />
import type { InjectedHost } from '../../../addin/taskpane/platform.js';
import { FakeRequestContext } from './context.js';
import type { FakeWorkbook } from './workbook.js';

export interface FakeHostOptions {
  /** IANA zone of the fake computer's clock (the sheet clock NOW() reads). */
  timeZone: string;
  /** What Office.context.displayLanguage would say. */
  displayLanguage?: string;
  /** Resolves when the workbook is filled (sheets fetched by URL load asynchronously). */
  ready?: Promise<void>;
}

/**
 * The ExcelHost the task pane gets instead of Office.js: `run` hands each batch a fresh fake request
 * context and, like Excel.run, sends what the batch left queued; the pane's settings are its copy of the document's (document-settings.ts);
 * selection changes are announced to the pane's listeners.
 */
export function fakeHost(book: FakeWorkbook, options: FakeHostOptions): InjectedHost & { selectionChanged(): void } {
  const selectionListeners = new Set<() => void>();
  const ready = options.ready ?? Promise.resolve();
  return {
    run: async (batch) => {
      await ready;
      const context = new FakeRequestContext(book);
      const result = await batch(context as unknown as Excel.RequestContext);
      if (context.pending > 0) await context.sync(true);
      return result;
    },
    settings: book.documentSettings.pane(),
    supportsExcelApi: (version) => Number(version.split('.')[1]) <= book.apiMinor,
    timeZone: options.timeZone,
    ...(options.displayLanguage ? { displayLanguage: options.displayLanguage } : {}),
    onSelectionChanged: (listener) => {
      selectionListeners.add(listener);
      return () => selectionListeners.delete(listener);
    },
    selectionChanged: () => selectionListeners.forEach((listener) => listener()),
  };
}
