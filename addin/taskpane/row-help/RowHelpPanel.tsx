import { Body1, Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExcelGlue, RowHelp } from '../../excel/index.js';
import type { PolicyInput } from '../../../shared/policy/schema.js';
import type { DateOrder } from '../../../shared/time/parse.js';
import { errorText } from '../flag/use-flagging.js';
import { useI18n } from '../i18n/index.js';
import { useStyles } from '../styles.js';
import { RowDetails } from './RowDetails.js';

type HelpState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'help'; help: RowHelp } | { kind: 'failed'; message: string };

interface Props {
  glue: ExcelGlue;
  policy: PolicyInput;
  dateOrder: DateOrder | undefined;
  /** True while the panel is on screen: only then does it follow the selection. */
  active: boolean;
  onSelectionChanged(listener: () => void): () => void;
}

/** Selection events come in bursts while the user drags; one read after the burst is enough. */
const SELECTION_SETTLE_MS = 250;

export function RowHelpPanel({ glue, policy, dateOrder, active, onSelectionChanged }: Props) {
  const { t } = useI18n();
  const styles = useStyles();
  const [state, setState] = useState<HelpState>({ kind: 'idle' });
  const latest = useRef(0);

  const read = useCallback(() => {
    const request = ++latest.current;
    setState({ kind: 'loading' });
    glue.readSelectedRowHelp({ policy, dateOrder }).then(
      (help) => request === latest.current && setState({ kind: 'help', help }),
      (error: unknown) => request === latest.current && setState({ kind: 'failed', message: errorText(error, t) }),
    );
  }, [glue, policy, dateOrder, t]);

  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = onSelectionChanged(() => {
      clearTimeout(timer);
      timer = setTimeout(read, SELECTION_SETTLE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [active, onSelectionChanged, read]);

  return (
    <div className={styles.panel}>
      <Body1 as="p">{t.rowHelp.intro}</Body1>
      <div className={styles.row}>
        <Button appearance="primary" onClick={read} data-testid="row-help-button">
          {t.rowHelp.button}
        </Button>
        {state.kind === 'loading' && <Spinner size="tiny" label={t.rowHelp.reading} />}
      </div>
      {state.kind === 'help' && <HelpBody help={state.help} />}
      {state.kind === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t.rowHelp.failedTitle}</MessageBarTitle>
            {state.message}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

function HelpBody({ help }: { help: RowHelp }) {
  const { t } = useI18n();
  if (help.kind === 'row') return <RowDetails sheetRow={help.sheetRow} facts={help.facts} result={help.result} />;
  if (help.kind === 'multiple-areas') {
    return (
      <MessageBar intent="info" data-testid="row-help-multiple-areas">
        <MessageBarBody>{t.blocked.multipleAreas}</MessageBarBody>
      </MessageBar>
    );
  }
  if (help.kind === 'outside') {
    return (
      <MessageBar intent="info" data-testid="row-help-outside">
        <MessageBarBody>{t.rowHelp.outside[help.reason]}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="warning" data-testid="row-help-invalid">
      <MessageBarBody>
        <MessageBarTitle>{t.rowHelp.invalidTitle(String(help.sheetRow))}</MessageBarTitle>
        <ul>
          {help.errors.map((error, i) => (
            <li key={i}>{error.column ? `${error.column}: ${error.message}` : error.message}</li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
