import { parseArgs } from 'node:util';
import { hc } from 'hono/client';
import type { ChannelConfig } from '../worker/app/alerts-api.js';
import type { AppType } from '../worker/app/create-app.js';
import { readAll } from './accounts-command.js';
import { IMPORT_EXIT, unreachableMessage, writeProblem } from './import-command.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

export const ALERTS_HELP = `Usage: atoz alerts COMMAND --url URL --token TOKEN [options]

Alert channels of the seller account on a worker (docs/alerts.md):
  list                            the channels: id, kind, name, where they go, ok or broken (and why)
  add KIND NAME [options]         a channel; KIND: webhook, slack, teams, feishu, dingtalk, wecom, email
      --target URL                the webhook URL (every kind but email)
      --secret TEXT|-             the signing secret (webhook: required; feishu, dingtalk: if the bot has one)
      --host H --port N --secure --user U --password TEXT|- --from ADDR --to ADDR[,ADDR…]   email (SMTP)
      (-: read the secret or password from standard input, out of the process list and shell history)
  test ID                         sends a test message now and prints how it went
  remove ID                       removes a channel
  deliveries [--channel ID] [--limit N]   the latest deliveries and their attempts
  calendar-token [LABEL]          a read-only token for the calendar feed, and the feed's address
Options: --url URL (default $ATOZ_URL), --token TOKEN (default $ATOZ_API_TOKEN), --json.
Exit codes: 0 done, 1 the worker failed or could not be reached, 2 refused (4xx) or bad arguments.`;

const KINDS = ['webhook', 'slack', 'teams', 'feishu', 'dingtalk', 'wecom', 'email'] as const;

export async function alertsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      target: { type: 'string' },
      secret: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      secure: { type: 'boolean' },
      user: { type: 'string' },
      password: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      channel: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(`${ALERTS_HELP}\n`);
    return 0;
  }
  const [action, ...args] = positionals;
  const baseUrl = values.url ?? process.env.ATOZ_URL;
  const token = values.token ?? process.env.ATOZ_API_TOKEN;
  if (!action || !['list', 'add', 'test', 'remove', 'deliveries', 'calendar-token'].includes(action)) throw new UsageError('alerts takes list, add, test, remove, deliveries or calendar-token (atoz alerts --help)');
  if (!baseUrl) throw new UsageError('alerts needs the worker\'s address: --url URL (or ATOZ_URL)');
  if (!token) throw new UsageError('alerts needs an API token: --token TOKEN (or ATOZ_API_TOKEN)');
  const where = baseUrl.replace(/\/+$/, '');
  const api = hc<AppType>(where, { headers: { Authorization: `Bearer ${token}` } });
  const fromStdin = async (value: string | undefined) => (value === '-' ? (await readAll(io.stdin)).trim() : value);
  const one = (what: string) => {
    if (args.length !== 1) throw new UsageError(`alerts ${action} takes one ${what}`);
    return args[0]!;
  };

  let response: Response;
  try {
    switch (action) {
      case 'list':
        response = await api.v1.alerts.channels.$get();
        break;
      case 'add': {
        const [kind, name] = args;
        if (!kind || !name || args.length !== 2 || !(KINDS as readonly string[]).includes(kind)) throw new UsageError(`alerts add takes KIND NAME; KIND is one of ${KINDS.join(', ')}`);
        const secret = await fromStdin(values.secret);
        let config: ChannelConfig;
        if (kind === 'email') {
          const port = values.port === undefined ? 587 : Number(values.port);
          config = { kind, name, host: values.host ?? '', port, secure: values.secure ?? port === 465, from: values.from ?? '', to: (values.to ?? '').split(',').map((t) => t.trim()).filter(Boolean) };
          if (values.user !== undefined) config.user = values.user;
          const password = await fromStdin(values.password);
          if (password !== undefined) config.password = password;
        } else {
          config = { kind, name, url: values.target ?? '', ...(secret !== undefined ? { secret } : {}) } as ChannelConfig;
        }
        response = await api.v1.alerts.channels.$post({ json: config });
        break;
      }
      case 'test':
        response = await api.v1.alerts.channels[':id'].test.$post({ param: { id: one('channel ID') } });
        break;
      case 'remove':
        response = await api.v1.alerts.channels[':id'].$delete({ param: { id: one('channel ID') } });
        break;
      case 'deliveries':
        response = await api.v1.alerts.deliveries.$get({ query: { ...(values.channel ? { channelId: values.channel } : {}), ...(values.limit ? { limit: values.limit } : {}) } });
        break;
      default:
        response = await api.v1.alerts['calendar-tokens'].$post({ json: { label: args[0] ?? 'calendar' } });
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    io.stderr.write(`atoz: error: ${unreachableMessage(where, error)}\n`);
    return IMPORT_EXIT.failedOrUnreachable;
  }
  const text = await response.text();
  if (!response.ok) return writeProblem(io, response.status, text, where, response.statusText);
  if (values.json || response.status === 204) {
    io.stdout.write(response.status === 204 ? 'removed\n' : `${text}\n`);
    return 0;
  }
  io.stdout.write(`${humanText(action, JSON.parse(text), where)}\n`);
  return 0;
}

interface Channel {
  id: string;
  kind: string;
  name: string;
  target: string;
  status: string;
  lastAnswer: string | null;
}
interface Delivery {
  id: string;
  event: string;
  orderId: string | null;
  state: string;
  createdAt: string;
  attempts: { at: string; outcome: string; status: number | null; answer: string | null }[];
}

function humanText(action: string, body: unknown, where: string): string {
  const channel = (c: Channel) => `${c.id}  ${c.kind}  ${JSON.stringify(c.name)}  → ${c.target}  ${c.status}${c.lastAnswer ? ` (${c.lastAnswer})` : ''}`;
  const delivery = (d: Delivery) => {
    const last = d.attempts.at(-1);
    return `${d.createdAt}  ${d.event}${d.orderId ? ` ${d.orderId}` : ''}  ${d.state}${last ? `  last attempt ${last.at}: ${last.outcome}${last.status ? ` ${last.status}` : ''}${last.answer ? ` ${JSON.stringify(last.answer)}` : ''}` : ''}`;
  };
  switch (action) {
    case 'list':
      return (body as { items: Channel[] }).items.map(channel).join('\n') || '(no channels)';
    case 'add':
      return `added ${channel(body as Channel)}`;
    case 'test':
      return delivery(body as Delivery);
    case 'deliveries':
      return (body as { items: Delivery[] }).items.map(delivery).join('\n') || '(no deliveries)';
    default: {
      const { token, path } = body as { token: string; path: string };
      return `calendar token (shown once): ${token}\nsubscribe to: ${where}${path}`;
    }
  }
}
