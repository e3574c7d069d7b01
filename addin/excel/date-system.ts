/// <reference types="office-js" />
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';

/**
 * Which date system the workbook counts serials in. Office.js has no property for it, but the
 * worksheet function DATE(1904,1,1) answers: serial 1462 in the 1900 system, 0 in the 1904 system.
 * Queue it, sync, then read the answer.
 */
export function queueDateSystemProbe(context: Excel.RequestContext): () => ExcelDateSystem {
  const probe = context.workbook.functions.date(1904, 1, 1);
  probe.load('value');
  return () => (probe.value === 0 ? 1904 : 1900);
}
