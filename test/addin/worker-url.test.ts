import { describe, expect, it } from 'vitest';
import { en } from '../../addin/taskpane/i18n/en.js';
import { zhCN } from '../../addin/taskpane/i18n/zh-CN.js';
import { zhTW } from '../../addin/taskpane/i18n/zh-TW.js';
import { checkWorkerUrl, isLoopback } from '../../addin/taskpane/sync/worker-url.js';

/** The Connect panel's rule: the pane is an https page, so its worker must be https, except on this computer. */
describe('the worker URL the Connect panel accepts', () => {
  it('takes any https:// address, without the trailing slash', () => {
    expect(checkWorkerUrl(' https://atoz.example.com/ ')).toEqual({ kind: 'ok', url: 'https://atoz.example.com' });
    expect(checkWorkerUrl('https://127.0.0.1:3001')).toEqual({ kind: 'ok', url: 'https://127.0.0.1:3001' });
    expect(checkWorkerUrl('https://10.0.0.5:8443/atoz/')).toEqual({ kind: 'ok', url: 'https://10.0.0.5:8443/atoz' });
  });

  it('refuses http:// to another computer: mixed content, blocked by every host', () => {
    for (const url of ['http://atoz.example.com', 'http://192.168.1.20:3001', 'http://10.0.0.5', 'http://[2001:db8::1]:3001', 'http://128.0.0.1', 'http://localhost.example.com', 'http://127.0.0.1.nip.io']) {
      expect(checkWorkerUrl(url)).toEqual({ kind: 'insecure' });
    }
  });

  it('lets http:// reach the loopback address (127.0.0.0/8, ::1, localhost), with a warning', () => {
    for (const [url, normal] of [
      ['http://127.0.0.1:3001/', 'http://127.0.0.1:3001'],
      ['http://127.1.2.3:3001', 'http://127.1.2.3:3001'],
      ['http://127.1:3001', 'http://127.0.0.1:3001'],
      ['http://[::1]:3001', 'http://[::1]:3001'],
      ['http://[0:0:0:0:0:0:0:1]:3001', 'http://[::1]:3001'],
      ['http://LOCALHOST:3001', 'http://localhost:3001'],
    ] as const) {
      expect(checkWorkerUrl(url)).toEqual({ kind: 'loopback-http', url: normal });
    }
    expect(isLoopback('127.255.255.255')).toBe(true);
    expect(isLoopback('126.0.0.1')).toBe(false);
  });

  it('refuses what is not an http(s) address', () => {
    for (const url of ['', '127.0.0.1:3001', 'atoz.example.com', 'ftp://atoz.example.com', 'javascript:alert(1)', 'https://user:secret@atoz.example.com']) {
      expect(checkWorkerUrl(url)).toEqual({ kind: 'invalid' });
    }
  });

  it('says why in every language: mixed content, Mac and Safari', () => {
    expect(en.sync.urlInsecure).toContain('mixed content');
    expect(en.sync.urlLoopbackHttp).toMatch(/Excel for Mac.*Safari/);
    for (const t of [zhCN, zhTW]) {
      expect(t.sync.urlInsecure).toContain('https://');
      expect(t.sync.urlInsecure).toMatch(/混合內容|混合内容/);
      expect(t.sync.urlLoopbackHttp).toContain('Safari');
      expect(t.sync.urlLoopbackHttp).toContain('Mac');
    }
  });
});
