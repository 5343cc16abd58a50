/**
 * The built package (run `npm run build` first; CI does) loads as ESM and as
 * CJS, exposes the same API, and gives the same numbers as the source.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as source from '../src/index.js';

const root = join(__dirname, '..');
const probe = `const r = m.runScenario({ id: 'p', landscape: m.chinaLandscape(), horizon: 6 }, { seed: 3 });
  console.log(JSON.stringify({ keys: Object.keys(m).sort(), apple: r.at('phones', 'share', 'apple', 6) }));`;

function run(args: string[]): { keys: string[]; apple: number } {
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }));
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

  it('the core bundle uses no Node-only module', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text).not.toMatch(/from ["']node:|require\(["']node:|from ["'](fs|path|os|worker_threads|child_process)["']|require\(["'](fs|path|os|worker_threads|child_process)["']\)/);
    }
  });
});
