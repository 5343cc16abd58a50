/**
 * The built package (run `npm run build` first; CI does) loads as ESM and as
 * CJS, exposes the same API, and gives the same numbers as the source.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as source from '../src/index.js';

const root = join(__dirname, '..');
const probe = `const r = m.runScenario({ id: 'p', landscape: m.chinaLandscape(), horizon: 6 }, { seed: 3 });
  console.log(JSON.stringify({ keys: Object.keys(m).sort(), apple: r.at('phones', 'share', 'apple', 6) }));`;

function run(args: string[]): { keys: string[]; apple: number } {
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

describe('built package', () => {
  it('has been built', () => {
    expect(existsSync(join(root, 'dist/index.js')), 'run `npm run build` before the tests').toBe(true);
    expect(existsSync(join(root, 'dist/index.cjs'))).toBe(true);
    expect(existsSync(join(root, 'dist/index.d.ts'))).toBe(true);
    expect(existsSync(join(root, 'dist/index.d.cts'))).toBe(true);
  });

  it('package.json exports point at the built files, with per-format types', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports['.'].import).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.exports['.'].require).toEqual({ types: './dist/index.d.cts', default: './dist/index.cjs' });
  });

  it('loads as ESM and CJS with the same API and results as the source', () => {
    const esm = run(['--input-type=module', '-e', `import * as m from 'rivalsim'; ${probe}`]);
    const cjs = run(['-e', `const m = require('rivalsim'); ${probe}`]);
    const expected = source.runScenario({ id: 'p', landscape: source.chinaLandscape(), horizon: 6 }, { seed: 3 }).at('phones', 'share', 'apple', 6);
    expect(esm.keys).toEqual(Object.keys(source).sort());
    expect(cjs.keys).toEqual(esm.keys);
    expect(esm.apple).toBe(expected);
    expect(cjs.apple).toBe(expected);
  });

  it('the core bundle uses no Node-only module (the ESM entry and every chunk it imports, statically or lazily)', () => {
    const nodeOnly = /from ["']node:|require\(["']node:|import\(["']node:|from ["'](fs|path|os|worker_threads|child_process)["']|require\(["'](fs|path|os|worker_threads|child_process)["']\)/;
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
    const { build } = await import('esbuild');
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
});
