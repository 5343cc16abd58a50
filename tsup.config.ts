import { defineConfig, type Options } from 'tsup';

/**
 * Three builds (the build script empties dist first, as tsup runs them concurrently):
 * - ESM: the library (`rivalsim`, portable: no Node-only module), and the
 *   Node-only edge: `rivalsim/node` (worker-thread `simulate`, scenario
 *   files), its worker and the `rivalsim` command line (`dist/cli.js`, the
 *   package's bin), with declarations for the two entries. One build with
 *   code splitting, so the entries share the library's chunks: a class
 *   such as `RivalsimError` or `SimulationResult` is the same class
 *   whichever entry it came through (`instanceof` holds across them).
 *   Node built-ins (`node:*`) stay imports, reached only from the Node-only
 *   entries (a test walks the library's import graph to check).
 * - CJS: the library alone, with its declarations (`index.d.cts`).
 * - the Web Worker script (`rivalsim/web-worker`), ESM, for browsers.
 *
 * `d3-random` ships ESM only, so it is bundled into every output (CJS
 * consumers could not `require` it otherwise); the other dependencies stay external.
 */
const external = ['seedrandom', 'mathjs'];
const common = {
  sourcemap: true,
  clean: false,
  target: 'es2022',
  noExternal: ['d3-random'],
  external,
} satisfies Options;

export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts', node: 'src/node/index.ts', worker: 'src/node/worker.ts', 'fit-worker': 'src/node/fit-worker.ts', cli: 'src/node/cli.ts' },
    format: ['esm'],
    splitting: true,
    dts: { entry: { index: 'src/index.ts', node: 'src/node/index.ts' } },
    platform: 'neutral',
    external: [...external, /^node:/],
  },
  {
    ...common,
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    dts: true,
    platform: 'neutral',
  },
  {
    ...common,
    // The Web Worker script of `simulateInWebWorkers` (`rivalsim/web-worker`).
    entry: { 'web-worker': 'src/web/worker.ts' },
    format: ['esm'],
    dts: false,
    platform: 'browser',
  },
]);
