import type { SheetProblem } from '../excel/index.js';

/**
 * What the pane says when Excel will not let the add-in write (addin/excel/write-guard.ts), one object
 * per language (merged into the pane's strings in i18n/{en,zh-CN,zh-TW}.ts).
 */
export const blockedEn = {
  title: 'The add-in cannot write this sheet',
  protected: (sheet: string) => `"${sheet}" is protected. Unprotect it (Review › Unprotect Sheet), then try again. Nothing was written.`,
  merged: (sheet: string, address: string) =>
    `"${sheet}" has merged cells where the add-in writes (${address}). Unmerge them (Home › Merge & Center), then try again. Nothing was written.`,
  formulas: (sheet: string, address: string) =>
    `"${sheet}" has formulas in columns that Sync fills from the worker (${address}); Sync would replace them. Turn them into values or move them out of the order table, then try again. Nothing was written.`,
  multipleAreas: 'Several areas are selected. Select a single cell or row, then try again.',
  excel: (code: string) =>
    `Excel refused a change (${code}): a colleague may have protected or changed the sheet meanwhile. Check the sheet's protection and merged cells, then try again.`,
};

export type BlockedStrings = typeof blockedEn;

export const blockedZhCN: BlockedStrings = {
  title: '加载项无法写入此工作表',
  protected: (sheet) => `“${sheet}”受保护。请先撤消保护（审阅 › 撤消工作表保护），然后重试。未写入任何内容。`,
  merged: (sheet, address) => `“${sheet}”在加载项写入的位置有合并单元格（${address}）。请取消合并（开始 › 合并后居中），然后重试。未写入任何内容。`,
  formulas: (sheet, address) => `“${sheet}”中由同步从服务器填写的列含有公式（${address}），同步会覆盖它们。请将其转换为值或移出订单表，然后重试。未写入任何内容。`,
  multipleAreas: '选择了多个区域。请只选择一个单元格或一行，然后重试。',
  excel: (code) => `Excel 拒绝了一项更改（${code}）：可能有同事同时保护或更改了此工作表。请检查工作表保护和合并单元格，然后重试。`,
};

export const blockedZhTW: BlockedStrings = {
  title: '增益集無法寫入此工作表',
  protected: (sheet) => `「${sheet}」受到保護。請先取消保護（校閱 › 取消保護工作表），然後再試一次。未寫入任何內容。`,
  merged: (sheet, address) => `「${sheet}」在增益集寫入的位置有合併儲存格（${address}）。請取消合併（常用 › 跨欄置中），然後再試一次。未寫入任何內容。`,
  formulas: (sheet, address) => `「${sheet}」中由同步從伺服器填寫的欄含有公式（${address}），同步會覆寫它們。請將其轉換為值或移出訂單表，然後再試一次。未寫入任何內容。`,
  multipleAreas: '選取了多個範圍。請只選取一個儲存格或一列，然後再試一次。',
  excel: (code) => `Excel 拒絕了一項變更（${code}）：可能有同事同時保護或變更了此工作表。請檢查工作表保護與合併儲存格，然後再試一次。`,
};

/** The message for a sheet the add-in cannot write, in the pane's language. */
export function blockedText(t: BlockedStrings, problem: SheetProblem): string {
  switch (problem.kind) {
    case 'protected':
      return t.protected(problem.sheetName);
    case 'merged':
      return t.merged(problem.sheetName, problem.address);
    case 'formulas':
      return t.formulas(problem.sheetName, problem.address);
    case 'multipleAreas':
      return t.multipleAreas;
    case 'excel':
      return t.excel(problem.code);
  }
}
