import {
  Body1,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { FlagRowsResult } from '../../excel/index.js';
import type { OdrSummary, RowError } from '../../../shared/schemas/statuses.js';
import { useI18n } from '../i18n/index.js';
import { useStyles } from '../styles.js';

/** Errors listed in the pane; the rest are in the sheet's "Row errors" column. */
const ERRORS_SHOWN = 50;

export function FlagSummary({ result }: { result: FlagRowsResult }) {
  const { t, count, locale } = useI18n();
  const styles = useStyles();
  const asOf = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: result.clockZone }).format(result.asOf);
  return (
    <div className={styles.stack} data-testid="flag-summary">
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>{t.flag.doneTitle}</MessageBarTitle>
          <span data-testid="rows-flagged">{t.flag.rowsFlagged(count(result.rowsFlagged), result.sheetName)}</span> {t.flag.asOf(asOf)}
        </MessageBarBody>
      </MessageBar>
      <OdrBlock odr={result.summary} />
      {result.errors.length > 0 && <RowErrors errors={result.errors} />}
      {result.warnings.length > 0 && (
        <section>
          <Subtitle2 as="h3" className={styles.heading}>{t.flag.warningsTitle}</Subtitle2>
          <ul className={styles.list}>
            {result.warnings.map((warning) => (
              <li key={warning}>
                <Caption1>{warning}</Caption1>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function OdrBlock({ odr }: { odr: OdrSummary }) {
  const { t, count, percent } = useI18n();
  const styles = useStyles();
  return (
    <section data-testid="odr">
      <Subtitle2 as="h3" className={styles.heading}>{t.flag.odrTitle}</Subtitle2>
      {odr.rate === null ? (
        <Body1 as="p" block>{t.flag.odrNoOrders}</Body1>
      ) : (
        <>
          <p className={styles.odrLine}>
            <span className={odr.meetsTarget ? styles.good : styles.bad}>{t.flag.odrRate(percent(odr.rate), percent(odr.target))}</span>{' '}
            <Caption1>{odr.meetsTarget ? t.flag.odrMeets : t.flag.odrMisses}</Caption1>
          </p>
          <Caption1 as="p" block className={styles.tight}>{t.flag.odrCounts(count(odr.ordersWithDefects), count(odr.orders))}</Caption1>
          <Caption1 as="p" block className={styles.tight}>
            {t.flag.odrSplit(`${count(odr.afn.ordersWithDefects)}/${count(odr.afn.orders)}`, `${count(odr.mfn.ordersWithDefects)}/${count(odr.mfn.orders)}`)}
          </Caption1>
        </>
      )}
      <Caption1 as="p" block className={styles.tight}>{t.flag.odrWindow(odr.windowStart, odr.windowEnd)}</Caption1>
    </section>
  );
}

function RowErrors({ errors }: { errors: readonly RowError[] }) {
  const { t, count } = useI18n();
  const styles = useStyles();
  return (
    <section data-testid="row-errors">
      <Subtitle2 as="h3" className={styles.heading}>{t.flag.errorsTitle(count(errors.length))}</Subtitle2>
      <Table size="extra-small" aria-label={t.flag.errorsTitle(count(errors.length))}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.narrowCell}>{t.flag.errorHeaders.row}</TableHeaderCell>
            <TableHeaderCell>{t.flag.errorHeaders.column}</TableHeaderCell>
            <TableHeaderCell>{t.flag.errorHeaders.message}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {errors.slice(0, ERRORS_SHOWN).map((error, i) => (
            <TableRow key={`${error.line}-${i}`}>
              <TableCell className={styles.narrowCell}>{error.line}</TableCell>
              <TableCell>{error.column ?? ''}</TableCell>
              <TableCell>{error.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {errors.length > ERRORS_SHOWN && <Caption1>{t.flag.errorsMore(count(errors.length - ERRORS_SHOWN))}</Caption1>}
    </section>
  );
}
