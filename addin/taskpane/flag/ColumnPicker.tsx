import { Body1, Button, Caption1, Field, Select, Subtitle2 } from '@fluentui/react-components';
import { useState } from 'react';
import type { CanonicalColumn } from '../../../shared/columns/canonical.js';
import type { ColumnOverrides, TableLocation } from '../../excel/index.js';
import { useI18n } from '../i18n/index.js';
import { useStyles } from '../styles.js';

interface Props {
  location: TableLocation;
  onSave(choice: ColumnOverrides): void;
  onClose(): void;
}

/** Lets the user name the header of each required or recommended column the aliases did not find. */
export function ColumnPicker({ location, onSave, onClose }: Props) {
  const { t } = useI18n();
  const styles = useStyles();
  const [choice, setChoice] = useState<ColumnOverrides>({});
  const headers = location.headers.filter((header) => header !== '');
  const requiredMissing = location.missingRequired.some((column) => !choice[column]);
  const save = () => onSave(Object.fromEntries(Object.entries(choice).filter(([, header]) => header)));

  const picker = (column: CanonicalColumn, required: boolean) => (
    <Field key={column} label={t.columns[column]} required={required} size="small">
      <Select
        size="small"
        data-column={column}
        value={choice[column] ?? ''}
        onChange={(_, data) => setChoice((current) => ({ ...current, [column]: data.value }))}
      >
        <option value="">{t.picker.notInSheet}</option>
        {headers.map((header, i) => (
          <option key={`${i}:${header}`} value={header}>
            {header}
          </option>
        ))}
      </Select>
    </Field>
  );

  return (
    <section className={styles.stack} data-testid="column-picker" aria-label={t.picker.title}>
      <Subtitle2 as="h3" className={styles.heading}>{t.picker.title}</Subtitle2>
      <Body1 as="p">{t.picker.intro(location.sheetName)}</Body1>
      {location.missingRequired.length + location.missingRecommended.length === 0 && <Caption1>{t.picker.allFound}</Caption1>}
      {location.missingRequired.length > 0 && (
        <>
          <Caption1>{t.picker.required}</Caption1>
          {location.missingRequired.map((column) => picker(column, true))}
        </>
      )}
      {location.missingRecommended.length > 0 && (
        <>
          <Caption1>{t.picker.recommended}</Caption1>
          {location.missingRecommended.map((column) => picker(column, false))}
        </>
      )}
      <div className={styles.row}>
        <Button appearance="primary" disabled={requiredMissing} onClick={save}>
          {t.picker.save}
        </Button>
        <Button onClick={onClose}>{t.picker.close}</Button>
      </div>
      {requiredMissing && <Caption1>{t.picker.missingRequired}</Caption1>}
    </section>
  );
}
