import { Body1, Button, Field, Input, MessageBar, MessageBarBody, Subtitle2 } from '@fluentui/react-components';
import { useState } from 'react';
import { WorkerClient, type WorkerConnection } from '../../excel/index.js';
import { errorText } from '../flag/use-flagging.js';
import { useI18n } from '../i18n/index.js';
import { useStyles } from '../styles.js';
import { checkWorkerUrl, workerUrlFromQuery } from './worker-url.js';

type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'ok' } | { kind: 'failed'; message: string };

/** Worker URL and token, saved in the user's own settings; "Test connection" asks for /v1/summary. */
export function ConnectSection({ connection, onSave }: { connection: WorkerConnection | undefined; onSave(connection: WorkerConnection): void }) {
  const { t } = useI18n();
  const styles = useStyles();
  const [url, setUrl] = useState(() => connection?.url ?? workerUrlFromQuery(window.location.search) ?? '');
  const [token, setToken] = useState(connection?.token ?? '');
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const checked = checkWorkerUrl(url);
  const usable = checked.kind === 'ok' || checked.kind === 'loopback-http';
  const filled = usable && token.trim() !== '';
  // Said only once something is typed; an http:// address to another computer is refused, with why.
  const urlProblem = url.trim() === '' ? undefined : checked.kind === 'invalid' ? t.sync.urlInvalid : checked.kind === 'insecure' ? t.sync.urlInsecure : undefined;

  const save = () => {
    if (usable) onSave({ url: checked.url, token: token.trim() });
  };
  const testConnection = () => {
    if (!usable) return;
    save();
    setTest({ kind: 'testing' });
    new WorkerClient({ url: checked.url, token: token.trim() })
      .testConnection()
      .then(() => setTest({ kind: 'ok' }), (error: unknown) => setTest({ kind: 'failed', message: errorText(error) }));
  };

  return (
    <section className={styles.stack} aria-labelledby="connect-title">
      <Subtitle2 as="h2" id="connect-title" className={styles.heading}>
        {t.sync.connectTitle}
      </Subtitle2>
      <Body1 as="p" className={styles.tight}>
        {t.sync.connectIntro}
      </Body1>
      <Field
        label={t.sync.url}
        validationState={urlProblem ? 'error' : checked.kind === 'loopback-http' ? 'warning' : 'none'}
        validationMessage={urlProblem ?? (checked.kind === 'loopback-http' ? t.sync.urlLoopbackHttp : undefined)}
        data-testid="worker-url-field"
      >
        <Input type="url" value={url} onChange={(_, data) => setUrl(data.value)} data-testid="worker-url" placeholder="https://" />
      </Field>
      <Field label={t.sync.token}>
        <Input type="password" value={token} onChange={(_, data) => setToken(data.value)} data-testid="worker-token" />
      </Field>
      <div className={styles.row}>
        <Button disabled={!filled} onClick={save} data-testid="worker-save">
          {t.sync.save}
        </Button>
        <Button disabled={!filled || test.kind === 'testing'} onClick={testConnection} data-testid="worker-test">
          {test.kind === 'testing' ? t.sync.testing : t.sync.test}
        </Button>
      </div>
      {test.kind === 'ok' && (
        <MessageBar intent="success" data-testid="worker-test-ok">
          <MessageBarBody>{t.sync.connected}</MessageBarBody>
        </MessageBar>
      )}
      {test.kind === 'failed' && (
        <MessageBar intent="error" data-testid="worker-test-failed">
          <MessageBarBody>{test.message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
