import { defineConfig } from 'tsup';

/**
 * Dual ESM/CJS build with declarations. `d3-random` ships ESM only, so it is
 * bundled into both outputs (CJS consumers could not `require` it otherwise);
 * the other dependencies stay external.
 */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  noExternal: ['d3-random'],
  external: ['seedrandom', 'mathjs'],
});
