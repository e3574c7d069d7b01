/**
 * The forgiving spelling rule for headers and vocabulary (docs/rules.md §8): case, spaces (also the
 * full-width and no-break ones), dashes and underscores are ignored, so `Claim Date`, `claim-date`
 * and `claim_date` are one name. A leading BOM or quotes around a header are ignored too.
 */
export function normalizeName(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/^"(.*)"$/s, '$1')
    .toLowerCase()
    .replace(/[\s\u3000\u00a0\-_\u2010-\u2015\uff0d\uff3f]+/g, '');
}
