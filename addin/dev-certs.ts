import { existsSync, readFileSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import * as defaults from 'office-addin-dev-certs/lib/defaults.js';
import { generateCertificates } from 'office-addin-dev-certs/lib/generate.js';

/**
 * The HTTPS certificate for https://localhost:3000. By default a fresh one is generated into the
 * project's `.certs/` folder (gitignored) with office-addin-dev-certs' `generateCertificates`: nothing
 * is installed and no trust store is touched, so the browser or Office warns about it until you trust
 * it. `npm run certs:install` (office-addin-dev-certs install) makes a certificate in the tool's own
 * folder and trusts its CA; once that exists, it is the one used.
 */
export interface DevCertificate {
  cert: Buffer;
  key: Buffer;
  /** Where it came from, for the start-up message. */
  source: 'installed' | 'project';
  dir: string;
  /** The files, for a process that reads them itself (the worker: ATOZ_TLS_CERT, ATOZ_TLS_KEY). */
  paths: Paths;
}

const DAYS = 30;
/** Regenerate a day before expiry, so a long session never starts on a dying certificate. */
const RENEW_BEFORE_MS = 24 * 3_600_000;

export interface Paths {
  /** The CA that signed the certificate: what a client trusts (NODE_EXTRA_CA_CERTS for `atoz import`). */
  ca: string;
  cert: string;
  key: string;
}

const usable = (paths: Paths): boolean => {
  if (!existsSync(paths.cert) || !existsSync(paths.key)) return false;
  try {
    const validTo = Date.parse(new X509Certificate(readFileSync(paths.cert)).validTo);
    return validTo - Date.now() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
};

export async function devCertificate(projectDir: string): Promise<DevCertificate> {
  const installed: Paths = { ca: defaults.caCertificatePath, cert: defaults.localhostCertificatePath, key: defaults.localhostKeyPath };
  if (usable(installed)) return load(installed, 'installed', defaults.certificateDirectory);

  const dir = join(projectDir, '.certs');
  const project: Paths = { ca: join(dir, 'ca.crt'), cert: join(dir, 'localhost.crt'), key: join(dir, 'localhost.key') };
  if (!usable(project)) {
    // generateCertificates writes nothing when a CA file is already there: start clean.
    for (const file of Object.values(project)) rmSync(file, { force: true });
    await generateCertificates(project.ca, project.cert, project.key, DAYS, ['localhost', '127.0.0.1']);
  }
  return load(project, 'project', dir);
}

function load(paths: Paths, source: DevCertificate['source'], dir: string): DevCertificate {
  return { cert: readFileSync(paths.cert), key: readFileSync(paths.key), source, dir, paths };
}
