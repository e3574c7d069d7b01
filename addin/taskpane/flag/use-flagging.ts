import { useCallback, useRef, useState } from 'react';
import { MissingColumnsError, SheetBlockedError, type ColumnOverrides, type ExcelGlue, type FlagRowsOptions, type FlagRowsResult, type TableLocation } from '../../excel/index.js';
import { blockedText } from '../blocked-strings.js';
import { useI18n, type UiStrings } from '../i18n/index.js';

export type FlagState =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; result: FlagRowsResult }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** Announced on `window` after every finished run (the benchmark reads its figures from it). */
export const FLAGGED_EVENT = 'atoz:flagged';

export interface Flagging {
  state: FlagState;
  /** The table as the column picker shows it, while the picker is open. */
  picker: TableLocation | null;
  flag(): void;
  cancel(): void;
  openPicker(): void;
  closePicker(): void;
  saveColumns(overrides: ColumnOverrides): void;
}

/** An error as the pane shows it: a sheet Excel will not let us write in the user's language, others by their message. */
export const errorText = (error: unknown, t?: UiStrings): string => {
  if (t && error instanceof SheetBlockedError) return blockedText(t.blocked, error.problem);
  return error instanceof Error ? error.message : String(error);
};

/** The Flag rows panel's logic: one run at a time, cancellable, the picker opened when a column is missing. */
export function useFlagging(glue: ExcelGlue, options: () => Omit<FlagRowsOptions, 'onProgress' | 'signal'>): Flagging {
  const { t } = useI18n();
  const [state, setState] = useState<FlagState>({ kind: 'idle' });
  const [picker, setPicker] = useState<TableLocation | null>(null);
  const running = useRef<AbortController | null>(null);

  const flag = useCallback(() => {
    if (running.current) return;
    const controller = new AbortController();
    running.current = controller;
    setPicker(null);
    setState({ kind: 'running', done: 0, total: 0 });
    glue
      .flagRows({ ...options(), signal: controller.signal, onProgress: (done, total) => setState({ kind: 'running', done, total }) })
      .then((result) => {
        setState({ kind: 'done', result });
        window.dispatchEvent(new CustomEvent<FlagRowsResult>(FLAGGED_EVENT, { detail: result }));
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) setState({ kind: 'cancelled' });
        else if (error instanceof MissingColumnsError) {
          setState({ kind: 'idle' });
          setPicker(error.location);
        } else setState({ kind: 'failed', message: errorText(error, t) });
      })
      .finally(() => {
        running.current = null;
      });
  }, [glue, options, t]);

  const cancel = useCallback(() => running.current?.abort(), []);

  const openPicker = useCallback(() => {
    glue.locateTable().then(setPicker, (error: unknown) => setState({ kind: 'failed', message: errorText(error) }));
  }, [glue]);

  const saveColumns = useCallback(
    (choice: ColumnOverrides) => {
      if (!picker) return;
      const merged = { ...glue.loadColumnMapping(picker.sheetName), ...choice };
      glue.saveColumnMapping(picker.sheetName, merged).then(flag, (error: unknown) => setState({ kind: 'failed', message: errorText(error) }));
    },
    [glue, picker, flag],
  );

  return { state, picker, flag, cancel, openPicker, closePicker: () => setPicker(null), saveColumns };
}
