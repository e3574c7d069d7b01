/** What the CLI touches outside itself, so tests can run it in-process with their own streams and clock. */
export interface CliIo {
  stdin: AsyncIterable<Uint8Array>;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The clock: read once, for the default "as of" instant. */
  now: () => number;
}
