import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup } from 'node:dns/promises';
import nodemailer from 'nodemailer';
import type { ChannelConfig } from '../app/alerts-api.js';
import { httpRequestFor, mailFor, refusalInBody, type Envelope, type HttpMessage } from './formats.js';
import { checkHost, checkLiteral, ForbiddenTargetError, guardedLookup } from './ssrf.js';

/**
 * One attempt at one channel: `sent`; `retry` (5xx, 408, 429, network) and `timeout` are tried again later;
 * `refused` (another 4xx, an error code in the body, a forbidden address, SMTP 5xx) marks the channel broken.
 */
export interface SendResult {
  outcome: 'sent' | 'retry' | 'refused' | 'timeout' | 'error';
  status: number | null;
  /** What the service answered (an excerpt), or what went wrong. */
  answer: string | null;
  ms: number;
}

export interface SendOptions {
  timeoutMs: number;
  allowHosts: ReadonlySet<string>;
}

const ANSWER_CHARS = 300;
const excerpt = (text: string) => (text.length > ANSWER_CHARS ? `${text.slice(0, ANSWER_CHARS)}…` : text);

export async function sendToChannel(config: ChannelConfig, envelope: Envelope, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    if (config.kind === 'email') return { ...(await sendMail(config, envelope, options)), ms: ms() };
    const message = httpRequestFor(config, envelope);
    const { status, body } = await post(message, options);
    const answer = excerpt(body);
    if (status >= 200 && status < 300) {
      const refusal = refusalInBody(config.kind, body);
      return refusal === null ? { outcome: 'sent', status, answer, ms: ms() } : { outcome: 'refused', status, answer: excerpt(refusal), ms: ms() };
    }
    const transient = status >= 500 || status === 408 || status === 429;
    return { outcome: transient ? 'retry' : 'refused', status, answer, ms: ms() };
  } catch (error) {
    if (error instanceof ForbiddenTargetError) return { outcome: 'refused', status: null, answer: error.message, ms: ms() };
    if ((error as Error).name === 'TimeoutError' || (error as { code?: string }).code === 'ETIMEDOUT') {
      return { outcome: 'timeout', status: null, answer: `no answer within ${options.timeoutMs} ms`, ms: ms() };
    }
    const smtp = (error as { responseCode?: number }).responseCode;
    if (typeof smtp === 'number') return { outcome: smtp >= 500 ? 'refused' : 'retry', status: smtp, answer: excerpt(String((error as Error).message)), ms: ms() };
    if ((error as { code?: string }).code === 'EAUTH') return { outcome: 'refused', status: null, answer: excerpt((error as Error).message), ms: ms() };
    return { outcome: 'error', status: null, answer: excerpt(`${(error as { code?: string }).code ?? ''} ${(error as Error).message ?? String(error)}`.trim()), ms: ms() };
  }
}

/** POSTs through a socket whose address is checked (guardedLookup), with one deadline for the whole exchange. */
async function post(message: HttpMessage, options: SendOptions): Promise<{ status: number; body: string }> {
  const url = new URL(message.url);
  checkLiteral(url.hostname, options.allowHosts);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: { ...message.headers, 'Content-Length': Buffer.byteLength(message.body) }, lookup: guardedLookup(options.allowHosts) as never, signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        // Only the start of an answer is kept; a service that talks on is read no further.
        if (size < 64 * 1024) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => reject(signal.aborted ? signal.reason : error));
    });
    req.on('error', (error) => reject(signal.aborted ? signal.reason : error));
    req.end(message.body);
  });
}

async function sendMail(config: Extract<ChannelConfig, { kind: 'email' }>, envelope: Envelope, options: SendOptions): Promise<Omit<SendResult, 'ms'>> {
  await checkHost(config.host, options.allowHosts);
  // Connect to the address just checked (not a second lookup that could answer otherwise); TLS still checks the name.
  const { address } = await lookup(config.host);
  const transport = nodemailer.createTransport({
    host: address,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    tls: { servername: config.host },
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  try {
    const info = await Promise.race([
      transport.sendMail(mailFor(config, envelope)),
      new Promise<never>((_, reject) => setTimeout(() => reject(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), options.timeoutMs).unref()),
    ]);
    return { outcome: 'sent', status: 250, answer: excerpt(String(info.response ?? '')) };
  } finally {
    transport.close();
  }
}

export { ForbiddenTargetError };
