/**
 * Assembles the batched engine's WebAssembly kernel (src/montecarlo/batch/batch.wat,
 * with wabt, as scripts/build-wasm.ts does the summaries') into
 * src/montecarlo/batch/batch-wasm.ts, a plain module holding its bytes in
 * base64 (no file read at run time). test/montecarlo/batch/batch-wasm.test.ts
 * checks that the two agree. A generator, run by hand when batch.wat changes.
 *
 * Usage: npx tsx scripts/build-batch-wasm.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assemble, moduleSource } from './build-wasm.js';

/** The kernel's source. */
export const BATCH_WAT_FILE = fileURLToPath(new URL('../src/montecarlo/batch/batch.wat', import.meta.url));
/** The generated module. */
export const BATCH_MODULE_FILE = fileURLToPath(new URL('../src/montecarlo/batch/batch-wasm.ts', import.meta.url));

/**
 * The source of batch-wasm.ts for the kernel's bytes.
 *
 * @example
 * writeFileSync(BATCH_MODULE_FILE, batchModuleSource(await assemble(text, 'batch.wat')));
 */
export function batchModuleSource(bytes: Uint8Array): string {
  return moduleSource(bytes, {
    command: 'scripts/build-batch-wasm.ts', wat: 'batch.wat', kernel: "The batched engine's WebAssembly kernel", constant: 'BATCH_WASM',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await assemble(readFileSync(BATCH_WAT_FILE, 'utf8'), 'batch.wat');
  writeFileSync(BATCH_MODULE_FILE, batchModuleSource(bytes));
  console.log(`${BATCH_MODULE_FILE}: ${bytes.length} bytes`);
}
