/// <reference types="office-js" />
import type { ExcelHost } from '../../../addin/excel/host.js';
import { mockContext } from './context.js';
import type { WorkbookModel } from './model.js';

export { mockContext } from './context.js';
export * from './model.js';

/**
 * An ExcelHost over the model, as one task pane: each `run` gets a fresh office-addin-mock context; the
 * pane's settings are its own copy of the document's, loaded now (two hosts on one model are two panes,
 * or two co-authors, on one workbook).
 */
export function mockHost(model: WorkbookModel, timeZone = 'Asia/Shanghai'): ExcelHost {
  return {
    run: (batch) => batch(mockContext(model)),
    settings: model.documentSettings.pane(),
    supportsExcelApi: (version) => Number(version.split('.')[1]) <= model.apiMinor,
    timeZone,
  };
}
