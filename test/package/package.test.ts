/**
 * The built package (`npm test` builds it first) loads as ESM and as CJS,
 * exposes the same API, and gives the same numbers as the source, with its
 * dependencies bundled (test/package/packed.test.ts installs the packed tarball).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import * as source from '../../src/index.js';
import { assertBuilt, root } from '../built.js';

// Inverse CDFs that designs place draws with (the bundled @stdlib functions): beta, PERT, truncated normal, lognormal.
const levels = [1e-12, 0.001, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999, 1 - 1e-12];
const placed: source.Distribution[] = [{ dist: 'beta', alpha: 0.7, beta: 2.5 }, { dist: 'pert', min: 2, mode: 4, max: 9 },
  { dist: 'beta', alpha: 40, beta: 3, min: 1, max: 3 }, { dist: 'normal', mean: 1, sd: 2, min: 0, max: 4 }, { dist: 'lognormal', mu: 0.2, sigma: 0.7 }];
const probe = `const r = m.runScenario({ id: 'p', landscape: m.chinaLandscape(), horizon: 6 }, { seed: 3 });
  await m.loadExpressions();
  const expr = m.compileExpression('max(a, b) / 2 + sqrt(a)', ['a', 'b'], 'x').evaluate({ a: 2, b: 3 });
  const quantiles = ${JSON.stringify(placed)}.flatMap((d) => ${JSON.stringify(levels)}.map((u) => m.quantileOf(d, u)));
  console.log(JSON.stringify({ keys: Object.keys(m).sort(), apple: r.at('phones', 'share', 'apple', 6), expr, quantiles }));`;

interface Probe { keys: string[]; apple: number; expr: number; quantiles: number[] }

function run(args: string[]): Probe {
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }));
}

/** The built ESM files reachable from `entry` (relative imports, static and dynamic), entry first. */
function esmGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(join(root, entry), 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)) esmGraph(join(dirname(entry), m[1]), seen);
  return seen;
}

/** Every module a built file imports (static, dynamic or `require`), as esbuild parses it. */
async function importsOf(file: string): Promise<string[]> {
  const found: string[] = [];
  await build({
    entryPoints: [file], bundle: true, write: false, logLevel: 'silent', platform: 'neutral',
    plugins: [{ name: 'list', setup: (b) => b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      found.push(args.path);
      return { path: args.path, external: true };
    }) }],
  });
  return found;
}

describe('built package', () => {
  beforeAll(assertBuilt);

  it('package.json exports point at the built files, with per-format types', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports['.'].import).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.exports['.'].require).toEqual({ types: './dist/index.d.cts', default: './dist/index.cjs' });
  });

  it('loads as ESM and CJS with the same API and results as the source (expressions and inverse CDFs too)', () => {
    const esm = run(['--input-type=module', '-e', `import * as m from 'rivalsim'; ${probe}`]);
    const cjs = run(['-e', `const m = require('rivalsim'); (async () => { ${probe} })();`]);
    const apple = source.runScenario({ id: 'p', landscape: source.chinaLandscape(), horizon: 6 }, { seed: 3 }).at('phones', 'share', 'apple', 6);
    expect(esm.keys).toEqual(Object.keys(source).sort());
    expect(cjs.keys).toEqual(esm.keys);
    expect(esm.apple).toBe(apple);
    expect(cjs.apple).toBe(apple);
    expect(esm.expr).toBe(1.5 + Math.sqrt(2));
    expect(cjs.expr).toBe(esm.expr);
    const quantiles = placed.flatMap((d) => levels.map((u) => source.quantileOf(d, u)));
    expect(esm.quantiles).toEqual(quantiles);
    expect(cjs.quantiles).toEqual(quantiles);
  });

  it('the core bundle uses no Node-only module (the ESM entry and every chunk it imports, statically or lazily)', () => {
    const builtins = '(fs|fs/promises|path|os|url|util|crypto|worker_threads|child_process|net|tty)';
    const nodeOnly = new RegExp(`from ["']node:|require\\(["']node:|import\\(["']node:|from ["']${builtins}["']|require\\(["']${builtins}["']\\)`);
    const files = [...esmGraph('dist/index.js'), 'dist/index.cjs'];
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(nodeOnly);
  });

  it('rivalsim and rivalsim/node share one copy of the library: instanceof holds across the two entries', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
      import * as core from 'rivalsim'; import * as node from 'rivalsim/node';
      let caught;
      try { await node.loadScenario('no-such-scenario.json'); } catch (e) { caught = e; }
      const r = await node.simulate(core.scenarios.baseline, { runs: 20, seed: 1, workers: 1 });
      console.log(JSON.stringify([core.RivalsimError === node.RivalsimError, core.SimulationResult === node.SimulationResult,
        caught instanceof core.RivalsimError, r instanceof core.SimulationResult]));`], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([true, true, true, true]);
  });

  it('results draw themselves (installed by the entry) in the built package, and in a consumer bundle that honours "sideEffects": false', async () => {
    const probe = `const r = await m.simulate(m.scenarios.baseline, { runs: 20, seed: 1 });
      const c = await m.compare(m.scenarios.baseline, m.scenarios['apple-alibaba'], { runs: 20, seed: 1 });
      console.log(JSON.stringify([typeof r.toSVG, Object.keys(r._toMime()), Object.keys(r[Symbol.for('Jupyter.display')]()), c.toSVG().slice(0, 4)]));`;
    const expected = [['function', ['text/plain', 'image/svg+xml', 'application/vnd.vegalite.v5+json'], ['text/plain', 'image/svg+xml', 'application/vnd.vegalite.v5+json'], '<svg']];
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', `import * as m from 'rivalsim'; ${probe}`], { cwd: root, encoding: 'utf8' });
    const cjs = execFileSync(process.execPath, ['-e', `const m = require('rivalsim'); (async () => { ${probe} })()`], { cwd: root, encoding: 'utf8' });
    for (const out of [esm, cjs]) expect([JSON.parse(out)]).toEqual(expected);
    // Consumers that import only what they call, bundled with tree shaking (esbuild, as tsup uses):
    // whichever function returns their results, the results display themselves.
    const dir = join(root, 'node_modules', '.cache');
    mkdirSync(dir, { recursive: true });
    const consumers = {
      both: [`import { simulate, compare, scenarios } from './dist/index.js'; const m = { simulate, compare, scenarios }; ${probe}`, expected[0]],
      compareOnly: [`import { compare, scenarios } from './dist/index.js';
        const c = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 20, seed: 1 });
        console.log(JSON.stringify([typeof c.toSVG, typeof c._toMime, typeof c[Symbol.for('Jupyter.display')]]));`, ['function', 'function', 'function']],
      mergeOnly: [`import { merge, mergeShardJSON, shardToJSON } from './dist/index.js'; import { scenarios, simulate } from './dist/index.js';
        const r = merge([await simulate(scenarios.baseline, { runs: 20, seed: 1 })]);
        const s = await mergeShardJSON([JSON.parse(JSON.stringify(shardToJSON(r)))]);
        console.log(JSON.stringify([typeof r.toSVG, typeof s.toSVG]));`, ['function', 'function']],
    } as const;
    for (const [name, [contents, want]] of Object.entries(consumers)) {
      const bundle = await build({
        stdin: { contents, resolveDir: root, loader: 'js' },
        bundle: true, format: 'esm', platform: 'node', treeShaking: true, minify: true, write: false, logLevel: 'silent',
        external: ['mathjs', 'seedrandom', '@stdlib/*'],
      });
      const file = join(dir, `rivalsim-consumer-${name}.mjs`);
      writeFileSync(file, bundle.outputFiles[0].text);
      expect(JSON.parse(execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8' })), name).toEqual(want);
    }
  });

  it('bundles its dependencies: no dependency to install, and the built files import only each other and Node built-ins', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
    const builtins = new Set(builtinModules);
    const files = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(c?js)$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.cjs', 'vendor/mathjs.js', 'browser/rivalsim.js', 'browser/web-worker.js']));
    for (const file of files) {
      const specifiers = await importsOf(join(root, 'dist', file));
      for (const spec of specifiers) {
        expect(spec.startsWith('./') || spec.startsWith('../') || builtins.has(spec.replace(/^node:/, '')), `${file} imports ${spec}`).toBe(true);
      }
      if (file.startsWith('browser/')) expect(specifiers, `${file} is one self-contained file`).toEqual([]);
    }
  });

  it('ships no source maps, and the licences of the code it bundles', () => {
    const files = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const licences = readFileSync(join(root, 'dist/THIRD-PARTY-LICENSES.md'), 'utf8');
    for (const name of ['mathjs@15.2.0', 'seedrandom@3.0.5', 'd3-random@3.0.2', 'valibot@1.5.0', '@stdlib/stats-base-dists-beta-quantile@', 'decimal.js@']) {
      expect(licences).toContain(name);
    }
    expect(licences).toContain('Apache License');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});
