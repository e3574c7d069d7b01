import { Body1, Button, Field, MessageBar, MessageBarBody, Select, Subtitle2, Textarea } from '@fluentui/react-components';
import { Fragment, useState } from 'react';
import type { RowFacts } from '../../excel/index.js';
import { LOCALES, type Locale } from '../../../shared/i18n/locales.js';
import {
  APPEAL_LABELS,
  DELIVERY_LABELS,
  ELIGIBILITY_LABELS,
  NEXT_ACTION_TEXT,
  REASON_LABELS,
  RESPONSE_LABELS,
} from '../../../shared/i18n/status-labels.js';
import type { EvaluatedRow } from '../../../shared/schemas/statuses.js';
import { formatWallClock } from '../../../shared/time/format.js';
import { isLocale, LANGUAGE_NAMES, useI18n } from '../i18n/index.js';
import { useStyles } from '../styles.js';
import { copyText } from './copy-text.js';
import { draftsFor, draftText, type DraftKind } from './drafts.js';

interface Props {
  sheetRow: number;
  facts: RowFacts;
  result: EvaluatedRow;
}

/** One evaluated row: what to do next, its statuses, and the drafts to copy. */
export function RowDetails({ sheetRow, facts, result }: Props) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const next = NEXT_ACTION_TEXT[result.nextAction][locale];
  return (
    <section className={styles.stack} data-testid="row-help">
      <Subtitle2 as="h3" className={styles.heading}>{t.rowHelp.rowTitle(String(sheetRow), facts.orderId)}</Subtitle2>
      <div className={styles.nextAction} data-testid="next-action">
        <Body1 as="p" block className={styles.tight}>
          <strong data-testid="next-action-label">{next.label}</strong>
        </Body1>
        <Body1 as="p" block className={styles.tight} data-testid="next-action-advice">
          {next.advice}
        </Body1>
      </div>
      <Statuses facts={facts} result={result} />
      <Drafts facts={facts} result={result} />
    </section>
  );
}

function Statuses({ facts, result }: { facts: RowFacts; result: EvaluatedRow }) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const f = t.rowHelp.fields;
  const reasons = result.eligibilityReasons.map((reason) => REASON_LABELS[reason][locale]).join(locale === 'en' ? '; ' : '；');
  const rows: [string, string][] = [
    [f.delivery, DELIVERY_LABELS[result.delivery][locale]],
    [f.eligibility, reasons ? `${ELIGIBILITY_LABELS[result.eligibility][locale]}: ${reasons}` : ELIGIBILITY_LABELS[result.eligibility][locale]],
    [f.claimWindowLastDay, result.claimWindowLastDay ?? '—'],
    [f.response, RESPONSE_LABELS[result.response][locale]],
    [f.responseDue, result.responseDueAt ? formatWallClock(Date.parse(result.responseDueAt), facts.timeZone) : '—'],
    [f.appeal, APPEAL_LABELS[result.appeal][locale]],
    [f.appealLastDay, result.appealLastDay ?? '—'],
    [f.odrDefect, result.odrDefect ? t.rowHelp.yes : t.rowHelp.no],
    [f.timeZone, facts.timeZone],
  ];
  return (
    <>
      <Subtitle2 as="h4" className={styles.heading}>{t.rowHelp.statuses}</Subtitle2>
      <dl className={styles.facts}>
        {rows.map(([name, value]) => (
          <Fragment key={name}>
            <dt className={styles.factName}>{name}</dt>
            <dd className={styles.factValue}>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

type CopyOutcome = { kind: DraftKind; text: string; copied: boolean };

function Drafts({ facts, result }: { facts: RowFacts; result: EvaluatedRow }) {
  const { t } = useI18n();
  const styles = useStyles();
  const [draftLocale, setDraftLocale] = useState<Locale>('en');
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);
  const available = draftsFor(facts, result);

  const copy = async (kind: DraftKind) => {
    const text = draftText(kind, facts, result, draftLocale);
    setOutcome({ kind, text, copied: await copyText(text) });
  };

  return (
    <div className={styles.stack}>
      <Field label={t.rowHelp.draftLanguage} hint={t.rowHelp.draftLanguageHint} size="small">
        <Select size="small" value={draftLocale} onChange={(_, data) => isLocale(data.value) && setDraftLocale(data.value)}>
          {LOCALES.map((code) => (
            <option key={code} value={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.row}>
        <Button disabled={!available.response} onClick={() => void copy('response')} data-testid="copy-response">
          {t.rowHelp.copyResponse}
        </Button>
        <Button disabled={!available.appeal} onClick={() => void copy('appeal')} data-testid="copy-appeal">
          {t.rowHelp.copyAppeal}
        </Button>
      </div>
      {outcome && (
        <>
          <MessageBar intent={outcome.copied ? 'success' : 'warning'}>
            <MessageBarBody>{outcome.copied ? t.rowHelp.copied : t.rowHelp.copyFailed}</MessageBarBody>
          </MessageBar>
          <Field label={t.copyFallbackLabel} size="small">
            <Textarea className={styles.draft} value={outcome.text} readOnly resize="vertical" data-testid="draft-text" />
          </Field>
        </>
      )}
    </div>
  );
}
