import {
  Body1,
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useMemo } from 'react';
import { IMPORT_FILE_TYPES, type ExcelGlue, type WorkerConnection } from '../../excel/index.js';
import { useI18n } from '../i18n/index.js';
import { useStyles } from '../styles.js';
import type { UserSettings } from '../user-settings.js';
import { AlertsSection } from './AlertsSection.js';
import { ConnectSection } from './ConnectSection.js';
import { useSync, type ConflictEntry, type SyncState } from './use-sync.js';

interface Props {
  glue: ExcelGlue;
  settings: UserSettings;
  onSaveSettings(settings: UserSettings): void;
}

/** The Sync tab: connection, import of a report file, sync of the active sheet, and the conflicts to settle. */
export function SyncPanel({ glue, settings, onSaveSettings }: Props) {
  const { t, count } = useI18n();
  const styles = useStyles();
  const flagOptions = useMemo(() => ({ policy: settings.policy, dateOrder: settings.dateOrder }), [settings.policy, settings.dateOrder]);
  const sync = useSync(glue, settings.worker, flagOptions);
  const { state, imported } = sync;
  const running = state.kind === 'uploading' || state.kind === 'importing' || state.kind === 'syncing';
  const connected = settings.worker !== undefined;
  const saveConnection = (worker: WorkerConnection) => onSaveSettings({ ...settings, worker });

  return (
    <div className={styles.panel}>
      <ConnectSection connection={settings.worker} onSave={saveConnection} />

      <section className={styles.stack} aria-labelledby="import-title">
        <Subtitle2 as="h2" id="import-title" className={styles.heading}>
          {t.sync.importTitle}
        </Subtitle2>
        <Body1 as="p" className={styles.tight}>
          {t.sync.importIntro}
        </Body1>
        <Field label={t.sync.chooseFile}>
          <input
            type="file"
            accept={IMPORT_FILE_TYPES}
            disabled={!connected || running}
            data-testid="import-file"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = '';
              if (file) sync.importFile(file);
            }}
          />
        </Field>
        {imported && (
          <MessageBar intent={imported.counts.rejected > 0 ? 'warning' : 'success'} data-testid="import-result">
            <MessageBarBody>
              {t.sync.imported(count(imported.counts.inserted), count(imported.counts.updated), count(imported.counts.unchanged), count(imported.counts.rejected))}
            </MessageBarBody>
          </MessageBar>
        )}
        {imported && imported.errors.length > 0 && (
          <ErrorTable
            title={t.sync.importErrorsTitle(count(imported.counts.rejected))}
            headers={[t.sync.errorHeaders.line, t.sync.errorHeaders.column, t.sync.errorHeaders.message]}
            rows={imported.errors.map((e) => [String(e.line), e.column ?? '', e.message])}
            testId="import-errors"
          />
        )}
      </section>

      <section className={styles.stack} aria-labelledby="sync-title">
        <Subtitle2 as="h2" id="sync-title" className={styles.heading}>
          {t.sync.syncTitle}
        </Subtitle2>
        <Body1 as="p" className={styles.tight}>
          {t.sync.syncIntro}
        </Body1>
        <div className={styles.row}>
          <Button appearance="primary" disabled={!connected || running} onClick={sync.sync} data-testid="sync-button">
            {t.sync.syncButton}
          </Button>
        </div>
        {!connected && <Body1>{t.sync.notConnected}</Body1>}
        {running && <Progress state={state} />}
        {state.kind === 'failed' && (
          <MessageBar intent="error" data-testid="sync-error">
            <MessageBarBody>
              <MessageBarTitle>{t.sync.failedTitle}</MessageBarTitle>
              {state.message}
            </MessageBarBody>
          </MessageBar>
        )}
        {state.kind === 'done' && <SyncSummary result={state.result} />}
        {sync.conflicts.length > 0 && <ConflictList entries={sync.conflicts} onChoose={sync.resolve} />}
      </section>

      <AlertsSection connection={settings.worker} />
    </div>
  );
}

function Progress({ state }: { state: SyncState }) {
  const { t, count } = useI18n();
  const text =
    state.kind === 'uploading' ? t.sync.uploading(count(state.sent), count(state.total)) : state.kind === 'importing' ? t.sync.importing : t.sync.syncing;
  return (
    <Field validationMessage={text} validationState="none">
      <ProgressBar value={state.kind === 'uploading' && state.total > 0 ? state.sent / state.total : undefined} thickness="large" data-testid="sync-progress" />
    </Field>
  );
}

function SyncSummary({ result }: { result: Extract<SyncState, { kind: 'done' }>['result'] }) {
  const { t, count } = useI18n();
  return (
    <>
      <MessageBar intent="success" data-testid="sync-result">
        <MessageBarBody>
          {t.sync.synced(count(result.pushed), count(result.pulled), count(result.appendedRows))}
          {result.filledCells > 0 && ` ${t.sync.filled(count(result.filledCells))}`}
          {result.unknownLines > 0 && ` ${t.sync.unknown(count(result.unknownLines))}`}
        </MessageBarBody>
      </MessageBar>
      {result.duplicateRows.length > 0 && (
        <MessageBar intent="warning" data-testid="sync-duplicates">
          <MessageBarBody>{t.sync.duplicates(result.duplicateRows.join(', '))}</MessageBarBody>
        </MessageBar>
      )}
      <MessageBar intent="info" data-testid="sync-saved-with-workbook">
        <MessageBarBody>{t.sync.savedWithWorkbook}</MessageBarBody>
      </MessageBar>
      {result.errors.length > 0 && (
        <ErrorTable
          title={t.sync.cellErrorsTitle(count(result.errors.length))}
          headers={[t.sync.rowHeaders.row, t.sync.rowHeaders.column, t.sync.rowHeaders.message]}
          rows={result.errors.map((e) => [String(e.row), e.column, e.message])}
          testId="sync-errors"
        />
      )}
    </>
  );
}

function ErrorTable({ title, headers, rows, testId }: { title: string; headers: string[]; rows: string[][]; testId: string }) {
  return (
    <div data-testid={testId}>
      <Body1 as="p" className={useStyles().tight}>
        <strong>{title}</strong>
      </Body1>
      <Table size="extra-small" aria-label={title}>
        <TableHeader>
          <TableRow>
            {headers.map((h) => (
              <TableHeaderCell key={h}>{h}</TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, i) => (
            <TableRow key={i}>
              {row.map((cell, j) => (
                <TableCell key={j}>{cell}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** Each conflicting line with the two versions side by side and the operator's two choices. */
function ConflictList({ entries, onChoose }: { entries: ConflictEntry[]; onChoose(index: number, choice: 'mine' | 'theirs'): void }) {
  const { t, count } = useI18n();
  const styles = useStyles();
  const open = entries.filter((e) => e.status !== 'resolved').length;
  return (
    <section className={styles.stack} data-testid="conflicts">
      <MessageBar intent={open > 0 ? 'warning' : 'success'}>
        <MessageBarBody>
          <MessageBarTitle>{t.sync.conflictsTitle(count(entries.length))}</MessageBarTitle>
          {t.sync.conflictIntro}
        </MessageBarBody>
      </MessageBar>
      {entries.map((entry, index) => (
        <div key={entry.conflict.lineKey} className={styles.stack} data-testid="conflict" data-line-key={entry.conflict.lineKey}>
          <Body1>
            <strong>{t.sync.conflictLine(entry.conflict.lineKey.replace('\u001f', ' '))}</strong>
          </Body1>
          <Table size="extra-small" aria-label={t.sync.conflictLine(entry.conflict.orderId)}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.sync.conflictHeaders.column}</TableHeaderCell>
                <TableHeaderCell>{t.sync.conflictHeaders.mine}</TableHeaderCell>
                <TableHeaderCell>{t.sync.conflictHeaders.theirs}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entry.conflict.fields.map((field) => (
                <TableRow key={field.header}>
                  <TableCell>{field.header}</TableCell>
                  <TableCell data-testid="conflict-mine">{field.mine}</TableCell>
                  <TableCell data-testid="conflict-theirs">{field.theirs}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {entry.status === 'resolved' ? (
            <Body1 data-testid="conflict-resolved">{t.sync.resolved}</Body1>
          ) : (
            <div className={styles.row}>
              <Button disabled={entry.status === 'working'} onClick={() => onChoose(index, 'mine')} data-testid="keep-mine">
                {t.sync.keepMine}
              </Button>
              <Button disabled={entry.status === 'working'} onClick={() => onChoose(index, 'theirs')} data-testid="take-theirs">
                {t.sync.takeTheirs}
              </Button>
            </div>
          )}
          {typeof entry.status === 'object' && (
            <MessageBar intent="error">
              <MessageBarBody>{entry.status.failed}</MessageBarBody>
            </MessageBar>
          )}
        </div>
      ))}
    </section>
  );
}
