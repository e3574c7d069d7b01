import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The nice value the worker's background threads (import readers, the SQLite writer) give themselves by
 * default: the event loop, at the process's own priority, then wins the CPU over them when the cores are
 * busy (CFS weight 1024 at nice 0 against 110 at nice 10), and they still run on any core left idle.
 */
export const DEFAULT_BACKGROUND_NICE = 10;

/**
 * Lowers the CPU priority of the calling thread alone, by `nice` steps above the process's. Linux keeps a nice
 * value per thread (setpriority on a thread id, found in /proc/thread-self), so this never touches the event
 * loop. Elsewhere, or where it is refused, nothing changes: returns false.
 */
export function lowerThreadPriority(nice: number): boolean {
  if (nice <= 0 || process.platform !== 'linux') return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    setPriority(tid, Math.min(19, nice));
    return true;
  } catch {
    return false;
  }
}
