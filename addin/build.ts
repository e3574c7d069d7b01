/**
 * `npm run build:addin` (office.js served locally) and `npm run build:addin:prod` (office.js from
 * Microsoft's CDN, as a published add-in needs): the task pane into dist/addin/. A flag rather than
 * an environment variable on the command line, so the scripts also run in Windows' cmd.exe.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';

const { values } = parseArgs({ options: { 'office-js': { type: 'string' } } });
if (values['office-js'] !== undefined) process.env.ATOZ_OFFICE_JS = values['office-js'];
await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) });
console.log(`task pane built into dist/addin/ (office.js: ${process.env.ATOZ_OFFICE_JS || 'local'})`);
