#!/usr/bin/env node
import { run } from './run';

run(process.argv.slice(2), { isTTY: process.stdout.isTTY === true, stdout: s => process.stdout.write(s), stderr: s => process.stderr.write(s) })
  .then(code => { process.exitCode = code; })
  .catch(err => {
    // A bug of ours, not bad input: still one line, and the exit code for "could not check".
    process.stderr.write(`cdk8s-secure: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  });
