/// <reference types="office-js" />
import type { ExcelHost } from '../../../addin/excel/host.js';
import { mockContext } from './context.js';
import type { WorkbookModel } from './model.js';

export { mockContext } from './context.js';
export * from './model.js';

/** An ExcelHost over the model: each `run` gets a fresh office-addin-mock context; settings live in the model. */
export function mockHost(model: WorkbookModel, timeZone = 'Asia/Shanghai'): ExcelHost {
  return {
    run: (batch) => batch(mockContext(model)),
    settings: {
      get: (name) => model.settings.get(name),
      set: (name, value) => void model.settings.set(name, structuredClone(value)),
      save: async () => void model.settingsSaves++,
    },
    supportsExcelApi: (version) => Number(version.split('.')[1]) <= model.apiMinor,
    timeZone,
  };
}
