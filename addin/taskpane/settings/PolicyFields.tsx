import { Button, Caption1, Field, Input, Switch } from '@fluentui/react-components';
import type { Policy } from '../../../shared/policy/schema.js';
import { useI18n } from '../i18n/index.js';
import { useStyles } from '../styles.js';
import { defaultText, POLICY_FIELDS, type FieldErrors, type PolicyDraft } from './policy-form.js';

/** The IANA zones this browser knows, offered as suggestions in the zone inputs. */
export const ZONE_LIST_ID = 'atoz-time-zones';
export function ZoneSuggestions() {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return (
    <datalist id={ZONE_LIST_ID}>
      {zones.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}

interface FieldProps {
  name: keyof Policy;
  draft: PolicyDraft;
  errors: FieldErrors;
  onChange(draft: PolicyDraft): void;
}

/** Label, the docs/rules.md hint with the default, and the error of one parameter. */
function useFieldText(name: keyof Policy, errors: FieldErrors) {
  const { t } = useI18n();
  const text = t.settings.fields[name];
  const error = errors[name];
  return {
    label: text.label,
    hint: `${text.hint} ${t.settings.defaultIs(defaultText(name, t))}`,
    validationMessage: typeof error === 'string' ? error : undefined,
  };
}

export function NumberField({ name, draft, errors, onChange }: FieldProps) {
  const { t } = useI18n();
  const kind = POLICY_FIELDS[name];
  const unit = kind === 'rate' ? t.settings.units.percent : kind === 'hours' ? t.settings.units.hours : t.settings.units.days;
  return (
    <Field {...useFieldText(name, errors)} size="small">
      <Input
        size="small"
        inputMode="decimal"
        data-field={name}
        value={draft.numbers[name] ?? ''}
        contentAfter={<Caption1>{unit}</Caption1>}
        onChange={(_, data) => onChange({ ...draft, numbers: { ...draft.numbers, [name]: data.value } })}
      />
    </Field>
  );
}

export function OrderAgeCapField({ draft, errors, onChange }: Omit<FieldProps, 'name'>) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <Field {...useFieldText('orderAgeCapDays', errors)} size="small">
      <div className={styles.row}>
        <Switch
          checked={draft.orderAgeCapOn}
          label={draft.orderAgeCapOn ? t.settings.on : t.settings.off}
          data-field="orderAgeCapOn"
          onChange={(_, data) => onChange({ ...draft, orderAgeCapOn: data.checked })}
        />
        {draft.orderAgeCapOn && (
          <Input
            size="small"
            inputMode="numeric"
            data-field="orderAgeCapDays"
            value={draft.numbers.orderAgeCapDays ?? ''}
            contentAfter={<Caption1>{t.settings.units.days}</Caption1>}
            onChange={(_, data) => onChange({ ...draft, numbers: { ...draft.numbers, orderAgeCapDays: data.value } })}
          />
        )}
      </div>
    </Field>
  );
}

export function ContactFirstField({ draft, errors, onChange }: Omit<FieldProps, 'name'>) {
  const { t } = useI18n();
  return (
    <Field {...useFieldText('requireContactFirst', errors)} size="small">
      <Switch
        checked={draft.requireContactFirst}
        label={draft.requireContactFirst ? t.settings.on : t.settings.off}
        data-field="requireContactFirst"
        onChange={(_, data) => onChange({ ...draft, requireContactFirst: data.checked })}
      />
    </Field>
  );
}

export function ZoneField({ name, draft, errors, onChange }: FieldProps & { name: 'defaultTimeZone' | 'timeZone' }) {
  const { t } = useI18n();
  return (
    <Field {...useFieldText(name, errors)} size="small">
      <Input
        size="small"
        list={ZONE_LIST_ID}
        data-field={name}
        placeholder={name === 'timeZone' ? t.settings.byChannel : undefined}
        value={draft[name]}
        onChange={(_, data) => onChange({ ...draft, [name]: data.value })}
      />
    </Field>
  );
}

export function ChannelZonesField({ draft, errors, onChange }: Omit<FieldProps, 'name'>) {
  const { t } = useI18n();
  const styles = useStyles();
  const labels = t.settings.channelZones;
  const update = (row: number, patch: Partial<PolicyDraft['channels'][number]>) =>
    onChange({ ...draft, channels: draft.channels.map((entry, i) => (i === row ? { ...entry, ...patch } : entry)) });
  return (
    <Field {...useFieldText('channelTimeZones', errors)} size="small">
      <div className={styles.stack}>
        {draft.channels.length === 0 && <Caption1>{labels.none}</Caption1>}
        {draft.channels.map((entry, row) => (
          <Field key={row} validationMessage={errors.channels?.[row]} size="small">
            <div className={styles.channelRow}>
              <Input size="small" aria-label={labels.channel} placeholder={labels.channel} value={entry.channel} onChange={(_, data) => update(row, { channel: data.value })} />
              <Input size="small" aria-label={labels.zone} placeholder={labels.zone} list={ZONE_LIST_ID} value={entry.zone} onChange={(_, data) => update(row, { zone: data.value })} />
              <Button size="small" appearance="subtle" onClick={() => onChange({ ...draft, channels: draft.channels.filter((_, i) => i !== row) })}>
                {labels.remove}
              </Button>
            </div>
          </Field>
        ))}
        <div>
          <Button size="small" onClick={() => onChange({ ...draft, channels: [...draft.channels, { channel: '', zone: '' }] })}>
            {labels.add}
          </Button>
        </div>
      </div>
    </Field>
  );
}
