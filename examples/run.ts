/**
 * `npm run example -- <name> [flags]` runs examples/<name>.ts;
 * `npm run example` alone runs the flagship, `apple-alibaba`, with 10,000 runs.
 * Flags (`--runs N`, `--seed S`, `--horizon MONTHS`, …) pass through to the example.
 *
 * Run: npm run example -- list   (the available examples)
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });

const FLAGSHIP = 'apple-alibaba';
const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort();

const args = process.argv.slice(2);
const named = args.length > 0 && !args[0].startsWith('-');
const name = named ? args[0] : FLAGSHIP;
const rest = named ? args.slice(1) : args;

if (name === 'list') {
  console.log(`Examples (npm run example -- <name> [--runs N] [--seed S] [--horizon MONTHS]):\n${available.map((n) => `  ${n}${n === FLAGSHIP ? '   (the default)' : ''}`).join('\n')}`);
} else if (!available.includes(name)) {
  console.error(`error: unknown example "${name}": expected one of ${available.join(', ')}`);
  process.exitCode = 2;
} else {
  // The example reads its flags from process.argv as if it had been run directly.
  const file = join(here, `${name}.ts`);
  process.argv = [process.argv[0], file, ...rest];
  await import(pathToFileURL(file).href);
}
