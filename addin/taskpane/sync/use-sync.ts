import { useCallback, useRef, useState } from 'react';
import {
  WorkerClient,
  type ConflictChoice,
  type ExcelGlue,
  type ImportResult,
  type SyncConflict,
  type SyncResult,
  type WorkerConnection,
} from '../../excel/index.js';
import type { PolicyInput } from '../../../shared/policy/schema.js';
import type { DateOrder } from '../../../shared/time/parse.js';
import { errorText } from '../flag/use-flagging.js';
import { useI18n } from '../i18n/index.js';

export type SyncState =
  | { kind: 'idle' }
  | { kind: 'uploading'; sent: number; total: number }
  | { kind: 'importing' }
  | { kind: 'syncing' }
  | { kind: 'done'; result: SyncResult }
  | { kind: 'failed'; message: string };

export interface ConflictEntry {
  conflict: SyncConflict;
  status: 'open' | 'working' | 'resolved' | { failed: string };
}

/** Announced on `window` after every finished sync (tests wait for it). */
export const SYNCED_EVENT = 'atoz:synced';

/**
 * The Sync tab's logic: import (upload with progress) → sync → flag, one run at a time; conflicts kept
 * until the operator settles each one.
 */
export function useSync(glue: ExcelGlue, connection: WorkerConnection | undefined, flagOptions: { policy: PolicyInput; dateOrder: DateOrder | undefined }) {
  const { t } = useI18n();
  const [state, setState] = useState<SyncState>({ kind: 'idle' });
  const [imported, setImported] = useState<ImportResult | null>(null);
  const [conflicts, setConflicts] = useState<ConflictEntry[]>([]);
  const busy = useRef(false);
  const client = useCallback(() => (connection ? new WorkerClient(connection) : null), [connection]);

  const runSync = useCallback(async (worker: WorkerClient) => {
    setState({ kind: 'syncing' });
    const result = await glue.syncWithWorker({ client: worker });
    setConflicts(result.conflicts.map((conflict) => ({ conflict, status: 'open' })));
    // The sheet changed: statuses, colour rules and dashboard follow.
    if (result.appendedRows + result.updatedRows > 0 || result.headerWritten) await glue.flagRows(flagOptions);
    setState({ kind: 'done', result });
    window.dispatchEvent(new CustomEvent<SyncResult>(SYNCED_EVENT, { detail: result }));
  }, [glue, flagOptions]);

  const guarded = useCallback((work: (worker: WorkerClient) => Promise<void>) => {
    const worker = client();
    if (!worker || busy.current) return;
    busy.current = true;
    work(worker)
      .catch((error: unknown) => setState({ kind: 'failed', message: errorText(error, t) }))
      .finally(() => {
        busy.current = false;
      });
  }, [client, t]);

  const sync = useCallback(() => guarded(runSync), [guarded, runSync]);

  const importFile = useCallback(
    (file: File) =>
      guarded(async (worker) => {
        setImported(null);
        setState({ kind: 'uploading', sent: 0, total: file.size });
        const result = await worker.importReport(file, file.name, (sent, total) =>
          setState(sent < total ? { kind: 'uploading', sent, total } : { kind: 'importing' }),
        );
        setImported(result);
        await runSync(worker);
      }),
    [guarded, runSync],
  );

  const resolve = useCallback(
    (index: number, choice: ConflictChoice) => {
      const entry = conflicts[index];
      const worker = client();
      if (!entry || !worker || entry.status === 'working') return;
      const update = (status: ConflictEntry['status'], conflict = entry.conflict) =>
        setConflicts((list) => list.map((e, i) => (i === index ? { conflict, status } : e)));
      update('working');
      glue
        .resolveSyncConflict(entry.conflict, choice, { client: worker })
        .then(async (outcome) => {
          if (outcome.kind === 'conflict') update('open', outcome.conflict);
          else {
            update('resolved');
            if (choice === 'theirs') await glue.flagRows(flagOptions);
          }
        })
        .catch((error: unknown) => update({ failed: errorText(error, t) }));
    },
    [conflicts, client, glue, flagOptions, t],
  );

  return { state, imported, conflicts, sync, importFile, resolve };
}
