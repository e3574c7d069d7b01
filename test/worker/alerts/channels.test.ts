import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../../shared/alerts/messages.js';
import type { ChannelConfig } from '../../../worker/app/alerts-api.js';
import { sendToChannel } from '../../../worker/alerts/send.js';
import { ALLOW_LOCAL, onCleanup, receiver, type Received } from './harness.js';

const NOW = Date.parse('2024-03-15T19:00:00Z');
const event = {
  kind: 'claim_due_soon' as const,
  lineKey: '111-0000004-0000004\u001f',
  occurrence: '2024-03-16T23:00:00.000Z',
  orderId: '111-0000004-0000004',
  timeZone: 'America/Los_Angeles',
  nextAction: 'respond_now' as const,
  deadline: { at: '2024-03-16T23:00:00.000Z' },
};
const envelope = (language: 'en' | 'zh-CN' | 'zh-TW' = 'en') => ({ message: alertMessage(event, language, 'Asia/Shanghai'), idempotencyKey: 'atoz-0123456789abcdef', event: event.kind, data: event, now: NOW });
const options = { timeoutMs: 2_000, allowHosts: ALLOW_LOCAL };

/** Sends through a local receiver and gives what it got. */
async function through(config: (url: string) => ChannelConfig, answer?: Parameters<typeof receiver>[0], language?: 'en' | 'zh-CN' | 'zh-TW') {
  const hook = await receiver(answer);
  const result = await sendToChannel(config(`${hook.url}/robot/send?access_token=abc`), envelope(language), options);
  return { result, request: hook.received[0] as Received };
}

describe('each channel\'s format, checked by a local receiver as the service would', () => {
  it('generic webhook: HMAC-SHA256 over timestamp.body, the timestamp in a header, the idempotency key', async () => {
    const secret = 'whsec-0123456789abcdef';
    const { result, request } = await through((url) => ({ kind: 'webhook', name: 'x', url, secret }));
    expect(result.outcome).toBe('sent');
    const timestamp = request.headers['x-atoz-timestamp'] as string;
    expect(Number(timestamp)).toBe(NOW / 1000);
    expect(request.headers['x-atoz-signature']).toBe(`v1=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
    // A receiver that checks the signature rejects a body changed on the way.
    expect(createHmac('sha256', secret).update(`${timestamp}.${request.body.replace('0004', '0005')}`).digest('hex')).not.toBe(String(request.headers['x-atoz-signature']).slice(3));
    expect(request.headers['idempotency-key']).toBe('atoz-0123456789abcdef');
    expect(JSON.parse(request.body)).toMatchObject({ id: 'atoz-0123456789abcdef', event: 'claim_due_soon', orderId: '111-0000004-0000004', data: { deadline: event.deadline } });
  });

  it('Slack: text and a mrkdwn section, with &, < and > escaped', async () => {
    const { request } = await through((url) => ({ kind: 'slack', name: 'x', url }));
    const body = JSON.parse(request.body);
    expect(body.text).toBe('A-to-z claim: answer due soon');
    expect(body.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(body.blocks[0].text.text).toContain('Order: 111-0000004-0000004');
    expect(body.blocks[0].text.text).toContain('2024-03-17 07:00 (your time, Asia/Shanghai)');
  });

  it('Teams Workflows: a message with an Adaptive Card attachment', async () => {
    const { request } = await through((url) => ({ kind: 'teams', name: 'x', url }), undefined, 'zh-TW');
    const body = JSON.parse(request.body);
    expect(body.type).toBe('message');
    expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = body.attachments[0].content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'A-to-z 索賠：即將到期，請回覆', weight: 'Bolder' });
  });

  it('Feishu/Lark: timestamp and sign in the body, sign = base64(HMAC-SHA256 keyed by "timestamp\\nsecret" over nothing)', async () => {
    const { result, request } = await through((url) => ({ kind: 'feishu', name: 'x', url, secret: 'feishu-secret' }), (_, res) => void res.end('{"code":0,"msg":"success"}'), 'zh-CN');
    expect(result.outcome).toBe('sent');
    const body = JSON.parse(request.body);
    expect(body.timestamp).toBe(String(NOW / 1000));
    expect(body.sign).toBe(createHmac('sha256', `${body.timestamp}\nfeishu-secret`).update('').digest('base64'));
    expect(body).toMatchObject({ msg_type: 'text' });
    expect(body.content.text).toContain('订单: 111-0000004-0000004');
  });

  it('Feishu answering 200 with an error code is a refusal, with its message', async () => {
    const { result } = await through((url) => ({ kind: 'feishu', name: 'x', url, secret: 'bad' }), (_, res) => void res.end('{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}'));
    expect(result).toMatchObject({ outcome: 'refused', status: 200, answer: '19021 sign match fail or timestamp is not within one hour from current time' });
  });

  it('DingTalk: timestamp (ms) and sign in the query, sign = base64(HMAC-SHA256 keyed by the secret over "timestamp\\nsecret")', async () => {
    const { result, request } = await through((url) => ({ kind: 'dingtalk', name: 'x', url, secret: 'SECdingtalk' }), (_, res) => void res.end('{"errcode":0,"errmsg":"ok"}'));
    expect(result.outcome).toBe('sent');
    expect(request.query.get('access_token')).toBe('abc');
    const timestamp = request.query.get('timestamp')!;
    expect(timestamp).toBe(String(NOW));
    expect(request.query.get('sign')).toBe(createHmac('sha256', 'SECdingtalk').update(`${timestamp}\nSECdingtalk`).digest('base64'));
    expect(JSON.parse(request.body)).toMatchObject({ msgtype: 'markdown', markdown: { title: 'A-to-z claim: answer due soon' } });
  });

  it('WeCom robot: markdown; errcode ≠ 0 is a refusal', async () => {
    const { result, request } = await through((url) => ({ kind: 'wecom', name: 'x', url }), (_, res) => void res.end('{"errcode":93000,"errmsg":"invalid webhook url"}'));
    expect(JSON.parse(request.body).msgtype).toBe('markdown');
    expect(JSON.parse(request.body).markdown.content).toMatch(/^\*\*A-to-z claim: answer due soon\*\*/);
    expect(result).toMatchObject({ outcome: 'refused', answer: '93000 invalid webhook url' });
  });

  it('a 500 is tried again later; a channel that does not answer times out', async () => {
    const failing = await through((url) => ({ kind: 'slack', name: 'x', url }), (_, res) => {
      res.statusCode = 500;
      res.end('oops');
    });
    expect(failing.result).toMatchObject({ outcome: 'retry', status: 500 });
    const hook = await receiver(() => undefined); // never answers
    const result = await sendToChannel({ kind: 'slack', name: 'x', url: `${hook.url}/x` }, envelope(), { ...options, timeoutMs: 200 });
    expect(result.outcome).toBe('timeout');
  });

  it('e-mail over SMTP (nodemailer) to a local smtp-server: subject, text, Message-ID from the idempotency key, login', async () => {
    const mails: { from: string; to: string[]; data: string; user: string | undefined }[] = [];
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'ops' && auth.password === 'pw-123') return callback(null, { user: 'ops' });
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data, user: session.user as string | undefined });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.server.address() as AddressInfo).port;
    const config = { kind: 'email' as const, name: 'mail', host: '127.0.0.1', port, secure: false, user: 'ops', password: 'pw-123', from: 'guard@example.com', to: ['team@example.com', 'boss@example.com'] };
    const result = await sendToChannel(config, envelope('zh-CN'), options);
    expect(result.outcome).toBe('sent');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: 'guard@example.com', to: ['team@example.com', 'boss@example.com'], user: 'ops' });
    expect(mails[0]!.data).toContain('Message-ID: <atoz-0123456789abcdef@atoz-guard>');
    expect(mails[0]!.data).toContain('X-Atoz-Idempotency-Key: atoz-0123456789abcdef');
    expect(mails[0]!.data).toMatch(/Subject: =\?UTF-8\?/); // the Chinese subject, encoded
    const refused = await sendToChannel({ ...config, password: 'wrong' }, envelope(), options);
    expect(refused.outcome).toBe('refused');
    expect(mails).toHaveLength(1);
  });
});
