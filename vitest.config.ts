import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Three tiers, by folder, so a new test file lands in one by default:
 * - `fast` (`npm test`): every `test/**\/*.test.ts` outside `test/e2e/` and
 *   `test/package/` — unit tests, mechanisms, directions of effects,
 *   invariants, the pinned snapshot of every bundled scenario and the
 *   command line through `main(argv, io)`, run in process against the
 *   source; needs no build.
 * - `e2e` (`npm run test:e2e`): `test/e2e/` — whole studies across the ways
 *   of running them (pool workers, worker threads, shards merged from files,
 *   reports and run files written by the command line, the README's code
 *   as written), still in process on the source; bigger studies, so slower.
 * - `package` (`npm run test:package`, which builds first): `test/package/` —
 *   the built `dist/`, the packed tarball, the bin as a process, the
 *   browser build in Chromium, Web Workers in Deno, the notebook, the
 *   examples as processes, the API reference. `test/architecture.test.ts`
 *   fails a fast-tier file that reads `dist/`.
 */
/** Fast-tier files that mock a module (`vi.mock`), so they cannot share loaded modules with other files. */
export const ISOLATED = ['test/expressions/native.test.ts'];

export default defineConfig({
  resolve: {
    // Code written for users (README, docs) imports 'rivalsim'; tests run it against the source.
    alias: { rivalsim: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    // Vitest's default leaves a core idle (cores − 1: one worker on two cores); test files are independent.
    maxWorkers: availableParallelism(),
    // A timeout catches a hang, not slowness (that is `npm run bench`'s): with a worker per core on a busy
    // shared machine, the pool's bit-for-bit comparisons took over 60 s.
    testTimeout: 180_000,
    projects: [
      // The fast tier shares loaded modules between its files (isolate: false: each file no longer pays for
      // importing the source, about 40 % of the tier's time); a file that mocks a module (vi.mock) needs a
      // fresh module graph, so such files run isolated, in `fast-isolated` (test/tiers.test.ts checks the list).
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'test/package/**', ...ISOLATED], isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'fast-isolated', include: ISOLATED } },
      { extends: true, test: { name: 'package', include: ['test/package/**/*.test.ts'] } },
    ],
  },
});
