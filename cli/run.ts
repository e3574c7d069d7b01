import { readFileSync } from 'node:fs';
import { PolicyError } from '../shared/policy/schema.js';
import { ReportError } from '../shared/report/read-report.js';
import { accountsCommand } from './accounts-command.js';
import { alertsCommand } from './alerts-command.js';
import { EVALUATE_HELP, evaluateCommand } from './evaluate-command.js';
import { importCommand } from './import-command.js';
import type { CliIo } from './io.js';
import { serveCommand } from './serve-command.js';
import { UsageError } from './usage-error.js';

const HELP = `atoz: A-to-z Claim Guard

Commands:
  atoz evaluate FILE|- [options]   claim statuses of every row of an order report
  atoz import FILE|- --url URL --token TOKEN [options]   upload a report to a worker (atoz import --help)
  atoz serve [--port N] [--host HOST]   run the worker (atoz serve --help)
  atoz accounts list|add NAME|token ID|revoke TOKEN   seller accounts and API tokens of the worker's store
  atoz alerts list|add|test|remove|deliveries|calendar-token   alert channels on a worker (atoz alerts --help)
  atoz --version

${EVALUATE_HELP}`;

/** Runs one command line; resolves to the exit code (0 done, 1 internal error, 2 bad input or arguments). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'evaluate':
        return await evaluateCommand(rest, io);
      case 'import':
        return await importCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case 'accounts':
        return await accountsCommand(rest, io);
      case 'alerts':
        return await alertsCommand(rest, io);
      case '--version':
      case '-v':
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        (command === undefined ? io.stderr : io.stdout).write(`${HELP}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}": use evaluate, import, serve, accounts or alerts (atoz --help)`);
    }
  } catch (error) {
    if (error instanceof PolicyError) {
      io.stderr.write(`atoz: error: ${error.message}. Fix the --policy file or --time-zone (docs/rules.md lists every key with its default and range)\n`);
      return 2;
    }
    if (error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`atoz: error: ${error.message} (atoz ${argv[0]} --help lists its options)\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof ReportError) {
      io.stderr.write(`atoz: error: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`atoz: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    io.stderr.write('atoz: this is a defect in atoz: please report it with the command line and the lines above\n');
    return 1;
  }
}

/** The version in package.json, found upward from this file (it runs from cli/ or dist/cli/). */
function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      return JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')).version;
    } catch {
      // not here: look one folder up
    }
  }
  return 'unknown';
}
