#!/usr/bin/env node
import { text } from 'node:stream/consumers';
import { promptHiddenOnTty } from './password.js';
import { run } from './run.js';

// `todo ls | head -1`: a reader that has gone away is no error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await run(process.argv.slice(2), {
  env: process.env,
  stdout: (chunk) => process.stdout.write(chunk),
  stderr: (chunk) => process.stderr.write(chunk),
  stdoutIsTty: process.stdout.isTTY,
  stdinIsTty: process.stdin.isTTY,
  readStdin: () => text(process.stdin),
  promptHidden: promptHiddenOnTty,
  onStop: (listener) => {
    process.once('SIGINT', listener);
    process.once('SIGTERM', listener);
  },
});
