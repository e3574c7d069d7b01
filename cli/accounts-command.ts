import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

export const ACCOUNTS_HELP = `Usage: atoz accounts list | add NAME | token ACCOUNT_ID | revoke TOKEN   [--label TEXT] [--json]

Manages the worker's seller accounts and their API tokens, directly in the worker's store (the same
settings as the worker: ATOZ_DATA_DIR, default ./data, or DATABASE_URL). Each account sees only its own
orders. A token is printed once, when it is made: the store keeps only its SHA-256.

  list                 every account: id, name, number of tokens, created
  add NAME             a new seller account and its first token
  token ACCOUNT_ID     one more token for an account (one per person or script, to revoke one alone)
  revoke TOKEN|-       forgets a token (-: read it from standard input, out of the process list and the
                       shell history); requests with it are refused from then on. (ATOZ_API_TOKEN is
                       registered again, to a new empty account, when a worker starts with it set:
                       change that variable instead.)
Options: --label TEXT (kept with a new token; default "atoz accounts"), --json (machine-readable output).
Exit codes: 0 done, 2 bad arguments or an unknown account or token, 1 the store failed.`;

/** A new bearer token: 32 random bytes, URL-safe, with a prefix that tells what it is when found in a file. */
export function newApiToken(): string {
  return `atoz_${randomBytes(32).toString('base64url')}`;
}

export async function accountsCommand(argv: string[], io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { label: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout.write(`${ACCOUNTS_HELP}\n`);
    return 0;
  }
  const [action, argument, ...extra] = positionals;
  const wants = { list: 0, add: 1, token: 1, revoke: 1 } as const;
  if (action === undefined || !(action in wants)) throw new UsageError(`accounts takes list, add NAME, token ACCOUNT_ID or revoke TOKEN (atoz accounts --help)`);
  const count = wants[action as keyof typeof wants];
  if ((count === 1 && !argument) || extra.length > 0 || (count === 0 && argument !== undefined)) {
    throw new UsageError(`accounts ${action} takes ${count === 0 ? 'no argument' : 'one argument'} (atoz accounts --help)`);
  }
  const label = values.label ?? 'atoz accounts';
  const name = action === 'add' ? argument!.trim() : '';
  if (action === 'add' && name === '') throw new UsageError('accounts add needs a name, e.g. atoz accounts add "Shop A"');
  // revoke -: the token from standard input, so it shows in neither the process list nor the shell history.
  const revoked = action === 'revoke' ? (argument === '-' ? (await readAll(io.stdin)).trim() : argument!) : '';
  if (action === 'revoke' && revoked === '') throw new UsageError('revoke needs the token (or - and the token on standard input)');

  // Loaded only here: the other commands need no database driver.
  const [{ openStore, storeOptionsFromEnv }, { sha256Hex }] = await Promise.all([import('../worker/store/index.js'), import('../worker/app/token-hash.js')]);
  const options = storeOptionsFromEnv(env);
  if (!options.databaseUrl && action !== 'add') {
    // Only `add` may start a store: elsewhere a missing file means the wrong folder or ATOZ_DATA_DIR.
    const file = join(options.dataDir ?? './data', 'atoz.sqlite');
    if (!existsSync(file)) throw new UsageError(`no store at ${file}: set ATOZ_DATA_DIR (or DATABASE_URL) as for the worker`);
  }
  // A store that is down, unreachable or refuses us is not a mistake in the command line: exit 1, and say where to look.
  const storeFailed = (error: unknown): number => {
    const where = options.databaseUrl ? 'the PostgreSQL server of DATABASE_URL' : `the store in ${options.dataDir ?? './data'}`;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    io.stderr.write(`atoz: error: ${where} failed (${code ? `${code}: ` : ''}${(error as Error | undefined)?.message ?? String(error)}). Check that it is running and that DATABASE_URL or ATOZ_DATA_DIR is the worker's.\n`);
    return 1;
  };
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(options);
  } catch (error) {
    return storeFailed(error);
  }
  const print = (human: string, json: unknown) => io.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${human}\n`);
  try {
    switch (action) {
      case 'list': {
        const accounts = await store.listAccounts();
        print(accounts.map((a) => `${a.id}  ${JSON.stringify(a.name)}  ${a.tokens} token${a.tokens === 1 ? '' : 's'}  created ${a.createdAt}`).join('\n') || '(no accounts)', accounts);
        return 0;
      }
      case 'add': {
        const token = newApiToken();
        // A new token is unknown: this makes the account and its token in one transaction.
        const id = await store.ensureTokenAccount(await sha256Hex(token), name, label);
        print(`account ${id} ${JSON.stringify(name)}\ntoken   ${token}\n(the token is shown this once: put it in the add-in's Sync settings or a script's secrets)`, { id, name, token });
        return 0;
      }
      case 'token': {
        const account = (await store.listAccounts()).find((a) => a.id === argument);
        if (!account) throw new UsageError(`no account ${argument} (atoz accounts list shows them)`);
        const token = newApiToken();
        await store.addToken(account.id, await sha256Hex(token), label);
        print(`token ${token}  for account ${account.id} ${JSON.stringify(account.name)} (shown this once)`, { id: account.id, name: account.name, token });
        return 0;
      }
      default: {
        if (!(await store.removeToken(await sha256Hex(revoked)))) throw new UsageError('no such token: it may have been revoked already, or this is another store (check ATOZ_DATA_DIR or DATABASE_URL)');
        print('token revoked', { revoked: true });
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return storeFailed(error);
  } finally {
    await store.close();
  }
}

/** Standard input as text (a token or secret given as -). */
export async function readAll(input: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of input) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
