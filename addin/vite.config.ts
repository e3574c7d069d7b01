import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The task pane build: `addin/` → `dist/addin/` (taskpane.html, help.html, icons in assets/, the
 * bundle in bundle/). Where office.js comes from is decided here, at build time, by ATOZ_OFFICE_JS:
 *
 *   local (default)  /office-js/office.js: the @microsoft/office-js package, served by addin/dev-server.ts
 *                    (and by the browser test, which puts its fake Excel host there instead). No internet.
 *   cdn              Microsoft's CDN, as Office requires of a published add-in (`npm run build:addin:prod`).
 */
export const OFFICE_JS_SOURCES = {
  local: '/office-js/office.js',
  cdn: 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
} as const;
export type OfficeJsSource = keyof typeof OFFICE_JS_SOURCES;

export function officeJsSource(value = process.env.ATOZ_OFFICE_JS): OfficeJsSource {
  const source = value || 'local';
  if (source !== 'local' && source !== 'cdn') throw new Error(`ATOZ_OFFICE_JS must be "local" or "cdn", not "${source}"`);
  return source;
}

const ADDIN_DIR = fileURLToPath(new URL('.', import.meta.url));
const ICONS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

/** office.js must be a classic script that runs before the pane's module: first thing in <head>. */
function officeJs(source: OfficeJsSource): Plugin {
  return {
    name: 'atoz-office-js',
    transformIndexHtml(_html, context) {
      if (!context.filename.endsWith('taskpane.html')) return [];
      return [{ tag: 'script', attrs: { src: OFFICE_JS_SOURCES[source] }, injectTo: 'head-prepend' }];
    },
  };
}

/**
 * addin/old-host.js, inlined first in taskpane.html's <body>: the message an Office too old for the
 * pane shows (Internet Explorer 11, old Edge) instead of a blank pane. Inline, so no request can fail.
 */
export const OLD_HOST_SCRIPT = fileURLToPath(new URL('./old-host.js', import.meta.url));
function oldHostMessage(): Plugin {
  return {
    name: 'atoz-old-host',
    transformIndexHtml(_html, context) {
      if (!context.filename.endsWith('taskpane.html')) return [];
      // Without its leading comment (the why is for the repository, not for every pane load).
      const script = readFileSync(OLD_HOST_SCRIPT, 'utf8').replace(/^\/\*[\s\S]*?\*\/\s*/, '');
      return [{ tag: 'script', children: script, injectTo: 'body-prepend' }];
    },
  };
}

/** The manifest points at assets/icon-*.png: copied as they are, names unhashed. */
function manifestIcons(): Plugin {
  return {
    name: 'atoz-manifest-icons',
    apply: 'build',
    generateBundle() {
      for (const file of readdirSync(ICONS_DIR).filter((name) => name.endsWith('.png'))) {
        this.emitFile({ type: 'asset', fileName: `assets/${file}`, source: readFileSync(`${ICONS_DIR}${file}`) });
      }
    },
  };
}

export default defineConfig({
  root: ADDIN_DIR,
  // Relative addresses: dist/addin/ works from any folder of any HTTPS host (https://host/atoz/ too).
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [react(), officeJs(officeJsSource()), oldHostMessage(), manifestIcons()],
  build: {
    outDir: fileURLToPath(new URL('../dist/addin/', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'bundle',
    // Office's webviews (Edge WebView2, Safari WKWebView) are evergreen; no legacy output.
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: {
        taskpane: fileURLToPath(new URL('./taskpane.html', import.meta.url)),
        help: fileURLToPath(new URL('./help.html', import.meta.url)),
      },
    },
  },
});
