import { Body1, Button, Divider, Field, MessageBar, MessageBarBody, Select, Subtitle2 } from '@fluentui/react-components';
import { useState } from 'react';
import type { ExcelGlue } from '../../excel/index.js';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../../../shared/policy/schema.js';
import type { ExcelDateSystem } from '../../../shared/time/excel-serial.js';
import type { DateOrder } from '../../../shared/time/parse.js';
import { errorText } from '../flag/use-flagging.js';
import { isLocale, LANGUAGE_NAMES, useI18n } from '../i18n/index.js';
import { LOCALES, type Locale } from '../../../shared/i18n/locales.js';
import { useStyles } from '../styles.js';
import { policyOverrides, type UserSettings } from '../user-settings.js';
import { ChannelZonesField, ContactFirstField, NumberField, OrderAgeCapField, ZoneField, ZoneSuggestions } from './PolicyFields.js';
import { draftOf, readDraft, type FieldErrors } from './policy-form.js';

interface Props {
  glue: ExcelGlue;
  settings: UserSettings;
  onSave(settings: UserSettings): void;
}

const NUMBER_FIELDS_BEFORE_CAP: (keyof Policy)[] = ['lateGraceDays'];
const NUMBER_FIELDS_CLAIMS: (keyof Policy)[] = ['claimWindowDays', 'noEddStandInDays', 'contactFirstHours'];
const NUMBER_FIELDS_RESPONSE: (keyof Policy)[] = ['responseWindowHours', 'dueSoonHours', 'appealWindowDays', 'odrWindowDays', 'odrLagDays', 'odrTarget'];

type Notice = { kind: 'saved' } | { kind: 'invalid' } | { kind: 'failed'; message: string } | null;

/** Every policy parameter, the marketplace zones, the date order (per user) and the date system (per workbook). */
export function SettingsPanel({ glue, settings, onSave }: Props) {
  const { t } = useI18n();
  const styles = useStyles();
  const [draft, setDraft] = useState(() => draftOf(parsePolicy(settings.policy)));
  const [dateOrder, setDateOrder] = useState<DateOrder | ''>(settings.dateOrder ?? '');
  const [dateSystem, setDateSystem] = useState<ExcelDateSystem | undefined>(() => glue.loadDateSystemOverride());
  // The workbook's language may be set by a flagging while this panel stands: read it at every render.
  const [chosenLanguage, setSheetLanguage] = useState<Locale | undefined>();
  const sheetLanguage = chosenLanguage ?? glue.loadSheetLanguage();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<Notice>(null);
  const fieldProps = { draft, errors, onChange: setDraft };

  const save = () => {
    const read = readDraft(draft, t);
    if (!read.ok) {
      setErrors(read.errors);
      setNotice({ kind: 'invalid' });
      return;
    }
    setErrors({});
    const next: UserSettings = { ...settings, policy: policyOverrides(read.policy) };
    if (dateOrder) next.dateOrder = dateOrder;
    else delete next.dateOrder;
    onSave(next);
    // Saving document settings marks the workbook changed: only when the choice did change.
    const workbookSave = Promise.all([
      dateSystem === glue.loadDateSystemOverride() ? undefined : glue.saveDateSystemOverride(dateSystem),
      sheetLanguage === undefined || sheetLanguage === glue.loadSheetLanguage() ? undefined : glue.saveSheetLanguage(sheetLanguage),
    ]);
    workbookSave.then(
      () => setNotice({ kind: 'saved' }),
      (error: unknown) => setNotice({ kind: 'failed', message: errorText(error) }),
    );
  };

  const reset = () => {
    setDraft(draftOf(DEFAULT_POLICY));
    setDateOrder('');
    setDateSystem(undefined);
    setErrors({});
    setNotice(null);
  };

  return (
    <form
      className={styles.panel}
      data-testid="settings"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <Body1 as="p">{t.settings.intro}</Body1>
      <ZoneSuggestions />

      <fieldset className={styles.fieldGroup}>
        <legend>
          <Subtitle2>{t.settings.policyTitle}</Subtitle2>
        </legend>
        {NUMBER_FIELDS_BEFORE_CAP.map((name) => (
          <NumberField key={name} name={name} {...fieldProps} />
        ))}
        <OrderAgeCapField {...fieldProps} />
        {NUMBER_FIELDS_CLAIMS.map((name) => (
          <NumberField key={name} name={name} {...fieldProps} />
        ))}
        <ContactFirstField {...fieldProps} />
        {NUMBER_FIELDS_RESPONSE.map((name) => (
          <NumberField key={name} name={name} {...fieldProps} />
        ))}
      </fieldset>

      <Divider />
      <fieldset className={styles.fieldGroup}>
        <legend>
          <Subtitle2>{t.settings.zonesTitle}</Subtitle2>
        </legend>
        <ZoneField name="timeZone" {...fieldProps} />
        <ZoneField name="defaultTimeZone" {...fieldProps} />
        <ChannelZonesField {...fieldProps} />
      </fieldset>

      <Divider />
      <fieldset className={styles.fieldGroup}>
        <legend>
          <Subtitle2>{t.settings.datesTitle}</Subtitle2>
        </legend>
        <Field label={t.settings.dateOrder.label} hint={t.settings.dateOrder.hint} size="small">
          <Select size="small" data-field="dateOrder" value={dateOrder} onChange={(_, data) => setDateOrder(data.value === 'MDY' || data.value === 'DMY' ? data.value : '')}>
            <option value="">{t.settings.dateOrder.none}</option>
            <option value="MDY">{t.settings.dateOrder.MDY}</option>
            <option value="DMY">{t.settings.dateOrder.DMY}</option>
          </Select>
        </Field>
        <Field label={t.settings.dateSystem.label} hint={t.settings.dateSystem.hint} size="small">
          <Select
            size="small"
            data-field="dateSystem"
            value={dateSystem === undefined ? '' : String(dateSystem)}
            onChange={(_, data) => setDateSystem(data.value === '1900' ? 1900 : data.value === '1904' ? 1904 : undefined)}
          >
            <option value="">{t.settings.dateSystem.auto}</option>
            <option value="1900">{t.settings.dateSystem[1900]}</option>
            <option value="1904">{t.settings.dateSystem[1904]}</option>
          </Select>
        </Field>
        <Field label={t.settings.sheetLanguage.label} hint={t.settings.sheetLanguage.hint} size="small">
          <Select size="small" data-field="sheetLanguage" value={sheetLanguage ?? ''} onChange={(_, data) => setSheetLanguage(isLocale(data.value) ? data.value : undefined)}>
            {sheetLanguage === undefined && <option value="">{t.settings.sheetLanguage.auto}</option>}
            {LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {LANGUAGE_NAMES[locale]}
              </option>
            ))}
          </Select>
        </Field>
      </fieldset>

      <div className={styles.row}>
        <Button appearance="primary" type="submit" data-testid="settings-save">
          {t.settings.save}
        </Button>
        <Button onClick={reset}>{t.settings.reset}</Button>
      </div>
      {notice && (
        <MessageBar intent={notice.kind === 'saved' ? 'success' : 'error'} data-testid="settings-notice">
          <MessageBarBody>{notice.kind === 'saved' ? t.settings.saved : notice.kind === 'invalid' ? t.settings.invalid : notice.message}</MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
