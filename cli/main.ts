#!/usr/bin/env node
import { runCli } from './run.js';

// `atoz evaluate … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  // The one place that reads the clock: the default "as of" instant.
  now: () => Date.now(),
}).then((code) => {
  process.exitCode = code;
});
