#!/usr/bin/env node
/**
 * Node-only: the `rivalsim` command line, as a program. A thin wrapper:
 * the commands are in `node/cli/` (`main(argv, io)` in `main.ts`); this file
 * runs `main` on the process's arguments when it is the program being run
 * (built: `node dist/cli.js`, the package's bin; from source:
 * `npx tsx src/node/cli.ts`). Not imported by the portable library entry.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from './cli/main.js';

export { main } from './cli/main.js';
export type { CliIO } from './cli/context.js';
export { AUTO_RUNS_PER_WORKER, autoWorkers, studyOptions, shardOption, CliError } from './cli/options.js';
export type { StudyOptions } from './cli/options.js';

/** True when this module is the program being run (directly, via the bin link, or via tsx). */
function isEntryPoint(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `rivalsim run … | head`: a closed pipe is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
