import { defineConfig } from 'tsup';

/**
 * Two builds (the build script empties dist first, as tsup runs them concurrently):
 * - the library: dual ESM/CJS with declarations, portable (platform
 *   neutral, no Node-only module). `d3-random` ships ESM only, so it is
 *   bundled into both outputs (CJS consumers could not `require` it
 *   otherwise); the other dependencies stay external.
 * - the Web Worker script (`rivalsim/web-worker`), ESM, for browsers;
 * - the Node-only edge, ESM: `rivalsim/node` (worker-thread `simulate`,
 *   scenario files; with declarations), its worker, and the `rivalsim`
 *   command line (`dist/cli.js`, the package's bin). Each is one file.
 */
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    noExternal: ['d3-random'],
    external: ['seedrandom', 'mathjs'],
  },
  {
    // The Web Worker script of `simulateInWebWorkers` (`rivalsim/web-worker`).
    entry: { 'web-worker': 'src/web/worker.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'browser',
    noExternal: ['d3-random'],
    external: ['seedrandom', 'mathjs'],
  },
  {
    entry: { node: 'src/node/index.ts', worker: 'src/node/worker.ts', cli: 'src/node/cli.ts' },
    format: ['esm'],
    splitting: false,
    dts: { entry: { node: 'src/node/index.ts' } },
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    noExternal: ['d3-random'],
    external: ['seedrandom', 'mathjs'],
  },
]);
