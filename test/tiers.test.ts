/**
 * The three tiers of tests (vitest.config.ts) keep their promise. The fast
 * tier (`npm test`: every test file outside test/e2e/ and test/package/)
 * and the end-to-end tier (test/e2e/: whole studies across pool workers,
 * threads, shard files and the command line) run in process on the source,
 * so they need no build and no other program: none of their files reads
 * the built package (test/built.ts) or starts a process or a browser. The
 * package tier (test/package/) builds first, and a file there that reads
 * dist/ fails when it is missing or stale (`assertBuilt`) rather than
 * skipping.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const TEST = __dirname;
const PACKAGE = join(TEST, 'package');
const E2E = join(TEST, 'e2e');

/** Every `*.test.ts` under `dir`, recursively. */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const all = testFiles(TEST);
const packageTier = all.filter((f) => f.startsWith(`${PACKAGE}/`));
const e2eTier = all.filter((f) => f.startsWith(`${E2E}/`));
const fastTier = all.filter((f) => !packageTier.includes(f) && !e2eTier.includes(f));
/** Mocking a module needs a fresh module graph: the shared-module tiers cannot have it. */
const mocks = (file: string) => /\bvi\.(mock|doMock)\(/.test(readFileSync(file, 'utf8'));

/** What a fast-tier file must not use, and where such a test belongs. */
const OUT_OF_PROCESS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^import [^;]* from '[./]+built\.js';/m, 'the built package (test/built.ts)'],
  [/^import [^;]* from '(node:)?child_process';/m, 'a child process'],
  [/^import [^;]* from 'playwright-core';/m, 'a browser'],
];

describe('the test tiers', () => {
  it('run every fast-tier file that mocks a module isolated (vitest.config.ts ISOLATED), and only those', async () => {
    const { ISOLATED } = await import('../vitest.config.js');
    const root = join(TEST, '..');
    const mocking = fastTier.filter(mocks).map((f) => relative(root, f));
    expect(mocking.length).toBeGreaterThan(0);
    expect([...ISOLATED].sort()).toEqual(mocking.sort());
    // The end-to-end tier shares modules too, with no isolated part: a file there must not mock.
    expect(e2eTier.filter(mocks).map((f) => relative(root, f))).toEqual([]);
  });

  it('find the test files of the three tiers (a check that reads nothing cannot fail)', () => {
    expect(fastTier.length).toBeGreaterThan(30);
    expect(e2eTier.length).toBeGreaterThan(3);
    expect(packageTier.length).toBeGreaterThan(5);
    expect(fastTier).toContain(join(TEST, 'tiers.test.ts'));
    expect(e2eTier).toContain(join(E2E, 'pool.test.ts'));
  });

  it('fast-tier files sit in the folder of the source they test (test/<folder>/ mirrors src/<folder>/), bar the house-wide checks and the bad-input edges', () => {
    const SRC = join(TEST, '..', 'src');
    const HOUSE = ['architecture.test.ts', 'snapshot.test.ts', 'tiers.test.ts'];
    const misplaced = fastTier.map((f) => relative(TEST, f)).filter((f) => {
      const [folder, ...rest] = f.split('/');
      if (rest.length === 0) return !HOUSE.includes(folder);
      return folder !== 'edges' && !existsSync(join(SRC, folder));
    });
    expect(misplaced).toEqual([]);
  });

  it('the fast and end-to-end tiers run in process on the source: no build, no process, no browser (those tests go in test/package/)', () => {
    const offending = [...fastTier, ...e2eTier].flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return OUT_OF_PROCESS.filter(([pattern]) => pattern.test(text)).map(([, what]) => `${relative(TEST, file)} uses ${what}`);
    });
    expect(offending).toEqual([]);
  });

  it('a package-tier file that reads dist/ fails when it is missing or stale, rather than skipping', () => {
    const unchecked = packageTier.filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /\bdist\b/.test(text.replace(/^\s*(\/\/|\*).*$/gm, '')) && !/\bassertBuilt\b/.test(text);
    });
    expect(unchecked.map((f) => relative(TEST, f))).toEqual([]);
  });
});
