/// <reference types="office-js" />
import { officeHost, type ExcelHost } from '../excel/index.js';

/**
 * What the task pane needs from its surroundings, so that the same build runs inside Excel (Office.js)
 * and inside the browser test and benchmark (a fake Excel host injected by the page).
 */
export interface TaskpanePlatform {
  /** The workbook, or null when the page was opened outside Excel. */
  host: ExcelHost | null;
  /** Office's display language (e.g. "zh-CN"), the pane's initial language. */
  displayLanguage: string | undefined;
  /** Per-user storage: localStorage, scoped by `partitionKey` (see user-settings.ts). */
  storage: Storage | undefined;
  partitionKey: string | undefined;
  /** Calls `listener` when the user selects other cells; returns the unsubscribe. */
  onSelectionChanged(listener: () => void): () => void;
}

/** The contract with a page that stands in for Excel: set `window.__ATOZ_FAKE_HOST__` before this bundle runs. */
export interface InjectedHost extends ExcelHost {
  displayLanguage?: string;
  onSelectionChanged?(listener: () => void): () => void;
}

declare global {
  interface Window {
    __ATOZ_FAKE_HOST__?: InjectedHost;
  }
}

const safeLocalStorage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined; // blocked (private mode, sandboxed iframe): settings live for the session only
  }
};

export async function connectPlatform(): Promise<TaskpanePlatform> {
  const injected = window.__ATOZ_FAKE_HOST__;
  if (injected) {
    return {
      host: injected,
      displayLanguage: injected.displayLanguage ?? navigator.language,
      storage: safeLocalStorage(),
      partitionKey: undefined,
      onSelectionChanged: (listener) => injected.onSelectionChanged?.(listener) ?? (() => undefined),
    };
  }
  if (typeof Office === 'undefined') return outsideExcel();
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) return outsideExcel();
  return {
    host: officeHost(),
    displayLanguage: Office.context.displayLanguage,
    storage: safeLocalStorage(),
    partitionKey: Office.context.partitionKey,
    onSelectionChanged: officeSelectionEvents,
  };
}

function outsideExcel(): TaskpanePlatform {
  return {
    host: null,
    displayLanguage: navigator.language,
    storage: safeLocalStorage(),
    partitionKey: undefined,
    onSelectionChanged: () => () => undefined,
  };
}

function officeSelectionEvents(listener: () => void): () => void {
  const handler = () => listener();
  const document = Office.context.document;
  document.addHandlerAsync(Office.EventType.DocumentSelectionChanged, handler);
  return () => document.removeHandlerAsync(Office.EventType.DocumentSelectionChanged, { handler });
}
