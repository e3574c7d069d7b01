import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * A private directory in os.tmpdir() for the outputs of the later ranges. It is removed by remove(), and also when
 * the process exits or is stopped by a signal before that (Ctrl-C), so no partial output is left behind; the signal
 * is then raised again, to end the process as it would have ended.
 */
export class TempDir {
  readonly path: string;
  private readonly onExit = () => this.removeNow();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.remove();
    process.kill(process.pid, signal);
  };

  constructor(prefix: string) {
    this.path = mkdtempSync(join(tmpdir(), prefix));
    process.on('exit', this.onExit);
    for (const signal of SIGNALS) process.once(signal, this.onSignal);
  }

  file(name: string): string {
    return join(this.path, name);
  }

  remove(): void {
    process.off('exit', this.onExit);
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
    this.removeNow();
  }

  private removeNow(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
