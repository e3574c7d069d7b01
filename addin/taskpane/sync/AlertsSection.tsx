import { Body1, Button, MessageBar, MessageBarBody, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { WorkerClient, type AlertChannel, type AlertDelivery, type WorkerConnection } from '../../excel/index.js';
import { errorText } from '../flag/use-flagging.js';
import { useI18n } from '../i18n/index.js';
import { useStyles } from '../styles.js';

type View = { kind: 'idle' } | { kind: 'loading' } | { kind: 'loaded'; channels: AlertChannel[]; deliveries: AlertDelivery[] } | { kind: 'failed'; message: string };

/** The Sync tab's alerts: the configured channels (ok or broken, and why) and the latest deliveries. Read only. */
export function AlertsSection({ connection }: { connection: WorkerConnection | undefined }) {
  const { t } = useI18n();
  const styles = useStyles();
  const [view, setView] = useState<View>({ kind: 'idle' });
  const load = () => {
    if (!connection) return;
    setView({ kind: 'loading' });
    new WorkerClient(connection).alertsOverview().then(
      (overview) => setView({ kind: 'loaded', ...overview }),
      (error: unknown) => setView({ kind: 'failed', message: errorText(error) }),
    );
  };
  const names = new Map(view.kind === 'loaded' ? view.channels.map((c) => [c.id, c.name]) : []);

  return (
    <section className={styles.stack} aria-labelledby="alerts-title">
      <Subtitle2 as="h2" id="alerts-title" className={styles.heading}>
        {t.alerts.title}
      </Subtitle2>
      <Body1 as="p" className={styles.tight}>
        {t.alerts.intro}
      </Body1>
      <Button onClick={load} disabled={!connection || view.kind === 'loading'} data-testid="alerts-refresh">
        {view.kind === 'loading' ? t.alerts.loading : t.alerts.refresh}
      </Button>
      {view.kind === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{view.message}</MessageBarBody>
        </MessageBar>
      )}
      {view.kind === 'loaded' && view.channels.length === 0 && <Body1 as="p">{t.alerts.noChannels}</Body1>}
      {view.kind === 'loaded' && view.channels.length > 0 && (
        <Table size="extra-small" data-testid="alerts-channels">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.alerts.channelHeaders.name}</TableHeaderCell>
              <TableHeaderCell>{t.alerts.channelHeaders.target}</TableHeaderCell>
              <TableHeaderCell>{t.alerts.channelHeaders.status}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.channels.map((c) => (
              <TableRow key={c.id}>
                <TableCell>
                  {c.name} ({c.kind})
                </TableCell>
                <TableCell>{c.target}</TableCell>
                <TableCell>{c.status === 'broken' ? t.alerts.broken(c.lastAnswer ?? '') : t.alerts.ok}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {view.kind === 'loaded' && view.channels.length > 0 && view.deliveries.length === 0 && <Body1 as="p">{t.alerts.noDeliveries}</Body1>}
      {view.kind === 'loaded' && view.deliveries.length > 0 && (
        <Table size="extra-small" data-testid="alerts-deliveries">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.alerts.deliveryHeaders.when}</TableHeaderCell>
              <TableHeaderCell>{t.alerts.deliveryHeaders.event}</TableHeaderCell>
              <TableHeaderCell>{t.alerts.deliveryHeaders.order}</TableHeaderCell>
              <TableHeaderCell>{t.alerts.deliveryHeaders.state}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.deliveries.map((d) => (
              <TableRow key={d.id}>
                <TableCell>{d.createdAt.slice(0, 16).replace('T', ' ')} UTC</TableCell>
                <TableCell>
                  {d.event} → {names.get(d.channelId) ?? d.channelId}
                </TableCell>
                <TableCell>{d.orderId ?? ''}</TableCell>
                <TableCell>{t.alerts.states[d.state]}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
