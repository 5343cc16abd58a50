/**
 * The package as users get it: `npm pack`, installed offline into an empty
 * consumer project (rivalsim has no dependencies to fetch), type-checked
 * there with `skipLibCheck: false` under node16 (ESM and CJS), bundler and
 * classic CommonJS resolution, run from ESM, CJS and its `rivalsim` bin,
 * and checked by @arethetypeswrong/cli and publint.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, root } from '../built.js';

/** The environment of child commands, without the npm_* variables of the `npm test` that runs this file. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

function run(file: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

const COMMON = `
const tracker: PhoneTracker = 'canalys';
const appleShare: number = chinaLandscape({ tracker }).markets.length * 0 + chinaData.subsidy2025.rate;
export async function study(): Promise<number> {
  const result: SimulationResult = await simulate(scenarios['apple-alibaba'], { runs: 10, seed: 1 });
  // @ts-expect-error runs is a number (fails if the declarations were \`any\`)
  void simulate(scenarios.baseline, { runs: 'many', seed: 1 });
  const d: Distribution = { dist: 'pert', min: 1, mode: 2, max: 4 };
  return result.stat('phones', 'share', 'apple').mean + appleShare + quantileOf(d, 0.5);
}
`;
const IMPORTS = `import { chinaData, quantileOf, scenarios, simulate, type PhoneTracker, chinaLandscape, type Distribution, type SimulationResult } from 'rivalsim';`;
const ESM_ONLY = `
import { loadScenario, simulate as simulateOnThreads } from 'rivalsim/node';
import * as browser from 'rivalsim/browser';
import 'rivalsim/web-worker';
export const onThreads: Promise<SimulationResult> = loadScenario('baseline').then((s) => simulateOnThreads(s, { runs: 10, seed: 1, workers: 2 }));
export const inBrowsers: typeof browser.simulateInWebWorkers = browser.simulateInWebWorkers;
`;
const BROWSER = `
import * as browser from 'rivalsim/browser';
import 'rivalsim/web-worker';
export const inBrowsers = browser.simulateInWebWorkers(browser.scenarios.baseline, { runs: 512, seed: 1, workers: 2, workerUrl: new URL('rivalsim/web-worker', import.meta.url) });
`;

/** Consumer projects: file name → text. */
const SOURCES: Record<string, string> = {
  'esm.ts': `${IMPORTS}${ESM_ONLY}${COMMON}`,
  'cjs.cts': `${IMPORTS}${COMMON}`,
  'bundler.ts': `${IMPORTS}${BROWSER}${COMMON}`,
  'classic.ts': `${IMPORTS}${COMMON}`,
};
const strict = { strict: true, skipLibCheck: false, noEmit: true, target: 'es2022', noUncheckedSideEffectImports: true };
/** tsconfig name → its options and files. */
const CONFIGS: Record<string, { compilerOptions: Record<string, unknown>; files: string[] }> = {
  node16: { compilerOptions: { ...strict, module: 'node16', moduleResolution: 'node16', lib: ['es2022'], types: ['node'] }, files: ['esm.ts', 'cjs.cts'] },
  bundler: { compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] }, files: ['bundler.ts'] },
  commonjs: { compilerOptions: { ...strict, module: 'commonjs', moduleResolution: 'node10', lib: ['es2022'], types: ['node'], noUncheckedSideEffectImports: false }, files: ['classic.ts'] },
};

const RUN_ESM = `import * as m from 'rivalsim';
import { simulate } from 'rivalsim/node';
await m.loadExpressions();
const expr = m.compileExpression('max(a, b) / 2', ['a', 'b'], 'x').evaluate({ a: 1, b: 3 });
const onThreads = await simulate(m.scenarios.baseline, { runs: 300, seed: 5, horizon: 6, workers: 2 });
const inProcess = await m.simulate(m.scenarios.baseline, { runs: 300, seed: 5, horizon: 6 });
console.log(JSON.stringify({ expr, same: onThreads.toCSV() === inProcess.toCSV(), d: onThreads.stat('phones', 'share', 'apple').mean }));`;
const RUN_CJS = `const m = require('rivalsim');
m.loadExpressions().then(async () => {
  const expr = m.compileExpression('max(a, b) / 2', ['a', 'b'], 'x').evaluate({ a: 1, b: 3 });
  const r = await m.simulate(m.scenarios.baseline, { runs: 300, seed: 5, horizon: 6 });
  console.log(JSON.stringify({ expr, d: r.stat('phones', 'share', 'apple').mean }));
});`;

interface Packed { filename: string; size: number; unpackedSize: number; files: { path: string }[] }

let tmp = '';
let consumer = '';
let packed: Packed;

/** Bytes of the files under a folder (symbolic links not followed). */
function bytesUnder(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path, { withFileTypes: true }).reduce((sum, e) => sum + (e.isSymbolicLink() ? 0 : bytesUnder(join(path, e.name))), 0);
}

describe('the packed tarball, installed into a consumer project', () => {
  beforeAll(async () => {
    assertBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'rivalsim-packed-'));
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: root, env, encoding: 'utf8' });
    packed = (JSON.parse(out) as Packed[])[0];
    consumer = join(tmp, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(tmp, packed.filename)], consumer);
    if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.out}`);
    // Node's types for the Node consumers (a consumer project would install @types/node itself).
    mkdirSync(join(consumer, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(consumer, 'node_modules', '@types', 'node'), 'dir');
    for (const [name, text] of Object.entries(SOURCES)) writeFileSync(join(consumer, name), text);
    for (const [name, config] of Object.entries(CONFIGS)) writeFileSync(join(consumer, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
    writeFileSync(join(consumer, 'run.mjs'), RUN_ESM);
    writeFileSync(join(consumer, 'run.cjs'), RUN_CJS);
  }, 120_000);
  afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

  it('installs rivalsim alone (no dependency), under 15 MB', () => {
    const installed = readdirSync(join(consumer, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed.sort()).toEqual(['@types', 'rivalsim']); // @types: the link to Node's types made above
    expect(bytesUnder(join(consumer, 'node_modules'))).toBeLessThan(15e6);
    const lock = JSON.parse(readFileSync(join(consumer, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((p) => p !== '')).toEqual(['node_modules/rivalsim']);
  });

  it('type-checks consumers with skipLibCheck: false under node16 (ESM and CJS), bundler and classic CommonJS resolution', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const results = await Promise.all(Object.keys(CONFIGS).map((name) => run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], consumer)));
    Object.keys(CONFIGS).forEach((name, i) => expect(results[i].out, `tsconfig.${name}.json`).toBe(''));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
  }, 120_000);

  it('runs from ESM (worker threads and expressions included), CJS and its rivalsim command', async () => {
    const [esm, cjs, list] = await Promise.all([run(process.execPath, ['run.mjs'], consumer), run(process.execPath, ['run.cjs'], consumer),
      run(process.execPath, [join(consumer, 'node_modules', 'rivalsim', 'dist', 'cli.js'), 'list'], consumer)]);
    expect(esm.code, esm.out).toBe(0);
    expect(cjs.code, cjs.out).toBe(0);
    const a = JSON.parse(esm.out) as { expr: number; same: boolean; d: number };
    const b = JSON.parse(cjs.out) as { expr: number; d: number };
    expect(a).toMatchObject({ expr: 1.5, same: true });
    expect(b).toEqual({ expr: 1.5, d: a.d });
    expect(list.code, list.out).toBe(0);
    expect(list.out).toContain('apple-alibaba');
    expect(readdirSync(join(consumer, 'node_modules', '.bin'))).toContain('rivalsim');
  }, 120_000);

  it('ships dist, LICENSE, README and docs, without source maps, and every relative link in its Markdown resolves inside it', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts',
      'dist/browser/rivalsim.js', 'dist/browser/web-worker.js', 'dist/browser/web-worker.d.ts', 'dist/vendor/mathjs.js', 'dist/THIRD-PARTY-LICENSES.md']));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const shipped = new Set(files);
    for (const md of files.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(consumer, 'node_modules', 'rivalsim', md), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const resolved = posix.normalize(posix.join(posix.dirname(md), target));
        expect(shipped.has(resolved) || files.some((f) => f.startsWith(`${resolved}/`)), `${md} links to ${target}, not in the package`).toBe(true);
      }
    }
  });

  it('passes @arethetypeswrong/cli: no problem but ESM-only subpaths being ESM-only', async () => {
    const { out } = await run(bin('attw'), [join(tmp, packed.filename), '--format', 'json'], root);
    const report = JSON.parse(out) as { analysis: { problems: { kind: string; entrypoint: string; resolutionKind: string }[] } };
    const problems = report.analysis.problems.map((p) => `${p.entrypoint} ${p.resolutionKind} ${p.kind}`).sort();
    // `rivalsim/node`, `rivalsim/browser` and the worker script are ES modules only: CJS reaches them by import(), and
    // node10 resolution (no `exports`) cannot see subpaths. The main entry must be clean under every resolution.
    const esmOnly = ['./browser', './node', './web-worker'].flatMap((e) => [`${e} node10 NoResolution`, `${e} node16-cjs CJSResolvesToESM`]).sort();
    expect(problems).toEqual(esmOnly);
  }, 120_000);

  it('passes publint --strict', async () => {
    const { code, out } = await run(bin('publint'), ['run', join(tmp, packed.filename), '--strict', '--level', 'suggestion'], root);
    expect(out).toContain('All good');
    expect(code).toBe(0);
  }, 60_000);
});

