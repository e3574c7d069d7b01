import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';
import type { CliIo } from './io.js';

export const SERVE_HELP = `Usage: atoz serve [--port N] [--host HOST]

Starts the worker (the same as npm run serve) and runs until SIGTERM or SIGINT, then finishes the
requests in flight and stops. Settings come from the environment (README, "Settings"): PORT (3001),
HOST (127.0.0.1), ATOZ_API_TOKEN, ATOZ_DATA_DIR (./data), DATABASE_URL, ATOZ_CORS_ORIGINS,
ATOZ_BODY_LIMIT_BYTES, ATOZ_SHUTDOWN_GRACE_MS, ATOZ_TLS_CERT and ATOZ_TLS_KEY (PEM files: serve HTTPS;
without them plain HTTP, see docs/deploy.md); --port and --host override PORT and HOST.`;

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout.write(`${SERVE_HELP}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError('serve takes no arguments besides --port and --host (settings come from the environment: atoz serve --help)');
  // Loaded only here: the other commands need no database driver.
  const { catchSignals, limitHeapGrowth, SettingsError, settingsFromEnv, startWorker } = await import('../worker/main.js');
  let settings;
  try {
    settings = settingsFromEnv({ ...process.env, ...(values.port === undefined ? {} : { PORT: values.port }), ...(values.host === undefined ? {} : { HOST: values.host }) });
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(error.message);
    throw error;
  }
  const log = (line: string) => io.stdout.write(`${line}\n`);
  limitHeapGrowth();
  let worker;
  const signals = catchSignals();
  try {
    worker = await startWorker(settings, log);
  } catch (error) {
    signals.release();
    if (error instanceof SettingsError) throw new UsageError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      // The address, not atoz, is the problem: say which one and how to choose another.
      const why = code === 'EADDRINUSE' ? 'is in use' : code === 'EACCES' ? 'is not allowed for this user' : 'is not an address of this computer';
      io.stderr.write(`atoz: error: ${settings.host}:${settings.port} ${why}: choose another with --port N / --host HOST (or PORT / HOST), or stop what listens there\n`);
      return 1;
    }
    if (settings.databaseUrl && typeof code === 'string') {
      io.stderr.write(`atoz: error: the PostgreSQL server of DATABASE_URL failed (${code}: ${message}). Check that it is running and that DATABASE_URL is right\n`);
      return 1;
    }
    throw error;
  }
  await signals.closeOn(worker, log);
  return 0;
}
