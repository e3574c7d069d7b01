import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { OLD_HOST_SCRIPT } from '../../addin/vite.config.js';

/**
 * addin/old-host.js: the message Office 2019's Internet Explorer 11 (or old Edge) shows instead of a blank
 * pane. It must parse in any browser (ECMAScript 3), stay silent where the pane runs, and speak where it cannot.
 */
const SOURCE = readFileSync(OLD_HOST_SCRIPT, 'utf8');

const IE11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; ms-office; MSOffice 16) like Gecko';
const EDGE_LEGACY = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041';
const WEBVIEW2 = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0';
const MAC_WKWEBVIEW = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';

/** A DOM just large enough for the script: what it appends is kept, text included. */
interface FakeNode {
  tag: string;
  id?: string;
  text: string;
  children: FakeNode[];
  attributes: Record<string, string>;
  style: Record<string, string>;
  className?: string;
}
function fakePage(options: { userAgent: string; language?: string; userLanguage?: string; modules?: boolean; promise?: boolean; fetch?: boolean; syntax?: 'es2022' | 'es5' | 'csp' }) {
  const node = (tag: string): FakeNode & Record<string, unknown> => {
    const self: FakeNode & Record<string, unknown> = {
      tag,
      text: '',
      children: [],
      attributes: {},
      style: {},
      setAttribute: (name: string, value: string) => void (self.attributes[name] = value),
      appendChild: (child: FakeNode) => void self.children.push(child),
      insertBefore: (child: FakeNode, before: FakeNode | undefined) => void self.children.splice(before ? self.children.indexOf(before) : self.children.length, 0, child),
    };
    Object.defineProperty(self, 'firstChild', { get: () => self.children[0] });
    return self;
  };
  const body = node('body');
  const root = node('div');
  root.id = 'root';
  body.children.push(root);
  const documentElement = { className: '' };
  const document = {
    body,
    documentElement,
    createElement: (tag: string) => {
      const element = node(tag);
      if (tag === 'script' && options.modules !== false) element.noModule = false;
      return element;
    },
    createTextNode: (text: string) => ({ tag: '#text', text, children: [] }),
  };
  const syntax = options.syntax ?? 'es2022';
  const window = {
    navigator: { userAgent: options.userAgent, language: options.language, userLanguage: options.userLanguage },
    Promise: options.promise === false ? undefined : Promise,
    fetch: options.fetch === false ? undefined : () => undefined,
    // What compiling the ES2022 probe does in that engine: compiles, a SyntaxError, or CSP's EvalError.
    Function: (code: string) => {
      if (syntax === 'es5') throw new SyntaxError('Expected identifier');
      if (syntax === 'csp') throw new EvalError('Refused to evaluate a string as JavaScript because unsafe-eval is not allowed');
      return new Function(code);
    },
  };
  runInNewContext(SOURCE, { window, document });
  const textOf = (n: { text: string; children: { text: string; children: unknown[] }[] }): string =>
    n.text + n.children.map((child) => textOf(child as never)).join(' ');
  const message = body.children.find((child) => child.id === 'atoz-old-host');
  return { message: message && textOf(message), role: message?.attributes.role, className: documentElement.className, first: body.children[0] === message };
}

describe('the old-host script (addin/old-host.js)', () => {
  it('is ECMAScript 3: Internet Explorer 11 and any older engine can parse it', () => {
    expect(() => parse(SOURCE, { ecmaVersion: 3 })).not.toThrow();
    // The check can fail: one arrow function, const, a template literal or a trailing comma is refused.
    for (const newer of ['var f = () => 1;', 'const a = 1;', 'var s = `x`;', 'var o = { a: 1, };']) {
      expect(() => parse(`${SOURCE}\n${newer}`, { ecmaVersion: 3 })).toThrow();
    }
  });

  it('Office 2019 in Internet Explorer 11 or old Edge: "needs a newer Office", first in the page, the pane hidden', () => {
    const ie = fakePage({ userAgent: IE11, userLanguage: 'en-US', modules: false, promise: false, fetch: false, syntax: 'es5' });
    expect(ie.message).toMatch(/^A-to-z Claim Guard needs a newer Office .*Internet Explorer.*Office 2021 or later/);
    expect(ie).toMatchObject({ role: 'alert', first: true, className: ' atoz-old-host' });
    // Old Edge (EdgeHTML 18) has modules, Promise and fetch, but not the bundle's ES2022 syntax.
    expect(fakePage({ userAgent: EDGE_LEGACY, language: 'en-US', syntax: 'es5' }).message).toContain('needs a newer Office');
    // Even with the syntax probe passing, old Edge is named by its user agent.
    expect(fakePage({ userAgent: EDGE_LEGACY, language: 'en-US' }).message).toContain('needs a newer Office');
  });

  it('speaks the browser\'s language: English, Simplified or Traditional Chinese', () => {
    expect(fakePage({ userAgent: IE11, userLanguage: 'zh-CN', modules: false }).message).toMatch(/^A-to-z 索赔卫士需要更新版本的 Office .*Internet Explorer/);
    expect(fakePage({ userAgent: IE11, userLanguage: 'zh-TW', modules: false }).message).toMatch(/^A-to-z 索賠衛士需要更新版本的 Office .*增益集/);
    expect(fakePage({ userAgent: IE11, language: 'zh-HK', modules: false }).message).toContain('索賠衛士');
    expect(fakePage({ userAgent: IE11, language: 'zh-Hans-SG', modules: false }).message).toContain('索赔卫士');
    expect(fakePage({ userAgent: IE11, language: 'de-DE', modules: false }).message).toContain('needs a newer Office');
  });

  it('says nothing where the pane runs: WebView2, the Mac\'s WKWebView, a page whose CSP forbids eval', () => {
    for (const userAgent of [WEBVIEW2, MAC_WKWEBVIEW]) {
      expect(fakePage({ userAgent, language: 'en-US' })).toEqual({ message: undefined, role: undefined, className: '', first: false });
    }
    expect(fakePage({ userAgent: WEBVIEW2, language: 'en-US', syntax: 'csp' }).message).toBeUndefined();
  });

  it('says it where a needed feature is missing: no ES modules, no Promise, no fetch, no ES2022 syntax', () => {
    for (const missing of [{ modules: false }, { promise: false }, { fetch: false }, { syntax: 'es5' as const }]) {
      expect(fakePage({ userAgent: MAC_WKWEBVIEW, language: 'en-US', ...missing }).message).toContain('needs a newer Office');
    }
  });
});
