import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';
import { noteBundledInputs } from './scripts/third-party.js';

/**
 * The package's builds (the build script empties dist first, as tsup runs
 * them concurrently, and scripts/finish-build.mjs completes dist afterwards):
 *
 * - ESM, for Node, Deno and bundlers: the library (`rivalsim`, portable: no
 *   Node-only module) and the Node-only edge (`rivalsim/node`: worker-thread
 *   `simulate`, scenario and shard files; its worker; the `rivalsim`
 *   command, `dist/cli.js`), with declarations. One build with code
 *   splitting, so the entries share the library's chunks: a class such as
 *   `RivalsimError` is the same class whichever entry it came through.
 *   Node built-ins (`node:*`) stay imports, reached only from the Node-only
 *   entries (test/package/package.test.ts walks the library's import graph).
 * - CJS: the library alone (`index.cjs`; its declarations are the ESM ones,
 *   copied to `index.d.cts`).
 * - `vendor/mathjs.js`: mathjs, minified, one ESM file that the ESM and CJS
 *   builds load lazily (`import('./vendor/mathjs.js')`) the first time a
 *   scenario has an expression.
 * - The browser build, `browser/rivalsim.js` (`rivalsim/browser`), and the Web
 *   Worker script, `browser/web-worker.js` (`rivalsim/web-worker`): ESM,
 *   minified, each one file with every dependency inlined, so a page can
 *   load them from any static server (no bare import, no CDN).
 * - The explorer page (`rivalsim explore`): `explorer/explorer.js` and
 *   `explorer/sensitivity-worker.js`, minified ESM that import the library
 *   from `../browser/rivalsim.js` (one copy of the code, the browser build's),
 *   and `explorer/index.html` (copied by scripts/finish-build.ts).
 *
 * Every runtime dependency is bundled (devDependencies of the package), so
 * installing rivalsim installs no other package and the code that computes
 * the results is the exact code the tests ran: d3-random and seedrandom
 * (draws), three @stdlib functions (normal CDF and quantile, beta quantile),
 * valibot (scenario files) and mathjs 15.2.0, whose number semantics
 * src/expressions/native.ts reproduces. Their licences are collected into
 * `dist/THIRD-PARTY-LICENSES.md`. No source maps ship: the ESM and CJS
 * builds are readable, unminified code, and src/ is not in the package.
 */

/**
 * Node-only modules that bundled dependencies reach only in code paths
 * rivalsim never takes, replaced by inert stand-ins: seedrandom's
 * `require('crypto')` (for seeding from entropy; rivalsim always passes a
 * seed, and seedrandom falls back to `globalThis.crypto` anyway) and
 * `debug`, which @stdlib's gamma inverse calls to log overflow warnings
 * (its Node build reaches `tty`, `net` and `fs`).
 */
const nodeOnlyStandIns: Plugin = {
  name: 'node-only-stand-ins',
  setup(build) {
    build.onResolve({ filter: /^(crypto|debug)$/ }, (args) =>
      args.importer.includes('node_modules') ? { path: args.path, namespace: 'stand-in' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => ({
      contents: args.path === 'debug'
        ? 'module.exports = function debug() { function log() {} log.enabled = false; return log; };'
        : 'module.exports = {};',
      loader: 'js',
    }));
  },
};

/** The library's lazy `import('mathjs')` becomes `import('./vendor/mathjs.js')` (every ESM chunk and index.cjs sit in dist/). */
const vendoredMathjs: Plugin = {
  name: 'vendored-mathjs',
  setup(build) {
    build.onResolve({ filter: /^mathjs$/ }, () => ({ path: './vendor/mathjs.js', external: true }));
  },
};

/** The explorer's `import … from '../index.js'` becomes `import … from '../browser/rivalsim.js'` (the browser build, beside it in dist/). */
const libraryFromBrowserBuild: Plugin = {
  name: 'library-from-browser-build',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /[\\/]src[\\/]explorer[\\/]/.test(args.importer) ? { path: '../browser/rivalsim.js', external: true } : undefined);
  },
};

/** Records which files of node_modules each build bundled (for the third-party licences). */
const bundledInputs: Plugin = {
  name: 'bundled-inputs',
  setup(build) {
    build.initialOptions.metafile = true;
    build.onEnd((result) => { if (result.metafile) noteBundledInputs(Object.keys(result.metafile.inputs)); });
  },
};

const common = {
  sourcemap: false,
  clean: false,
  target: 'es2022',
  noExternal: [/^(?!mathjs$)(?!node:)/],
  esbuildOptions(options) {
    // CommonJS dependencies (@stdlib, seedrandom) have only `main`; esbuild's neutral platform reads no field by default.
    options.mainFields = ['module', 'main'];
  },
} satisfies Options;

export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts', node: 'src/node/index.ts', worker: 'src/node/worker.ts', 'fit-worker': 'src/node/fit-worker.ts', cli: 'src/node/cli.ts' },
    format: ['esm'],
    splitting: true,
    dts: { entry: { index: 'src/index.ts', node: 'src/node/index.ts' } },
    platform: 'neutral',
    external: [/^node:/],
    esbuildPlugins: [vendoredMathjs, nodeOnlyStandIns, bundledInputs],
  },
  {
    ...common,
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    platform: 'neutral',
    esbuildPlugins: [vendoredMathjs, nodeOnlyStandIns, bundledInputs],
  },
  {
    ...common,
    entry: { 'vendor/mathjs': 'node_modules/mathjs/lib/esm/index.js' },
    format: ['esm'],
    minify: true,
    platform: 'neutral',
    noExternal: [/.*/],
    esbuildPlugins: [nodeOnlyStandIns, bundledInputs],
  },
  {
    ...common,
    entry: { 'browser/rivalsim': 'src/index.ts', 'browser/web-worker': 'src/web/worker.ts' },
    format: ['esm'],
    splitting: false,
    minify: true,
    platform: 'browser',
    noExternal: [/.*/],
    esbuildPlugins: [nodeOnlyStandIns, bundledInputs],
  },
  {
    ...common,
    entry: { 'explorer/explorer': 'src/explorer/explorer.ts', 'explorer/sensitivity-worker': 'src/explorer/sensitivity-worker.ts' },
    format: ['esm'],
    splitting: false,
    minify: true,
    platform: 'browser',
    noExternal: [],
    esbuildPlugins: [libraryFromBrowserBuild],
  },
]);
