import { defineConfig } from 'tsup';

/**
 * Two builds:
 * - the library: dual ESM/CJS with declarations, portable (platform
 *   neutral, no Node-only module). `d3-random` ships ESM only, so it is
 *   bundled into both outputs (CJS consumers could not `require` it
 *   otherwise); the other dependencies stay external.
 * - the `rivalsim` command line (`dist/cli.js`, the package's bin): Node
 *   only, ESM, no declarations. Its own clean is off and the library's
 *   clean spares it, as tsup runs the two builds concurrently.
 */
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: ['!cli.js', '!cli.js.map'],
    target: 'es2022',
    platform: 'neutral',
    noExternal: ['d3-random'],
    external: ['seedrandom', 'mathjs'],
  },
  {
    entry: { cli: 'src/node/cli.ts' },
    format: ['esm'],
    // One file: the library, imported lazily by the CLI, is inlined rather than split into chunks.
    splitting: false,
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    noExternal: ['d3-random'],
    external: ['seedrandom', 'mathjs'],
  },
]);
