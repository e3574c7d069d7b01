import { Body1, Button, Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar } from '@fluentui/react-components';
import { useCallback } from 'react';
import type { ExcelGlue } from '../../excel/index.js';
import type { PolicyInput } from '../../../shared/policy/schema.js';
import type { DateOrder } from '../../../shared/time/parse.js';
import { useI18n } from '../i18n/index.js';
import { useStyles } from '../styles.js';
import { ColumnPicker } from './ColumnPicker.js';
import { FlagSummary } from './FlagSummary.js';
import { useFlagging, type FlagState } from './use-flagging.js';

interface Props {
  glue: ExcelGlue;
  policy: PolicyInput;
  dateOrder: DateOrder | undefined;
}

export function FlagPanel({ glue, policy, dateOrder }: Props) {
  const { t } = useI18n();
  const styles = useStyles();
  const options = useCallback(() => ({ policy, dateOrder }), [policy, dateOrder]);
  const flagging = useFlagging(glue, options);
  const { state } = flagging;
  const running = state.kind === 'running';

  return (
    <div className={styles.panel}>
      <Body1 as="p">{t.flag.intro}</Body1>
      <div className={styles.row}>
        <Button appearance="primary" disabled={running} onClick={flagging.flag} data-testid="flag-button">
          {t.flag.button}
        </Button>
        {running ? (
          <Button onClick={flagging.cancel} data-testid="cancel-button">
            {t.flag.cancel}
          </Button>
        ) : (
          <Button appearance="subtle" onClick={flagging.openPicker}>
            {t.flag.columns}
          </Button>
        )}
      </div>
      {running && <Progress state={state} />}
      {flagging.picker && <ColumnPicker location={flagging.picker} onSave={flagging.saveColumns} onClose={flagging.closePicker} />}
      {state.kind === 'done' && <FlagSummary result={state.result} />}
      {state.kind === 'cancelled' && (
        <MessageBar intent="warning">
          <MessageBarBody>{t.flag.cancelled}</MessageBarBody>
        </MessageBar>
      )}
      {state.kind === 'failed' && (
        <MessageBar intent="error" data-testid="flag-error">
          <MessageBarBody>
            <MessageBarTitle>{t.flag.failedTitle}</MessageBarTitle>
            {state.message}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

function Progress({ state }: { state: Extract<FlagState, { kind: 'running' }> }) {
  const { t, count } = useI18n();
  const started = state.total > 0;
  return (
    <Field validationMessage={started ? t.flag.progress(count(state.done), count(state.total)) : t.flag.starting} validationState="none">
      <ProgressBar value={started ? state.done / state.total : undefined} thickness="large" data-testid="flag-progress" />
    </Field>
  );
}
