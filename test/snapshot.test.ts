/**
 * No-regression snapshot of results: short seeded studies of every bundled
 * scenario (and one of each analysis that draws runs) hashed with SHA-256
 * and compared with the hashes pinned in `test/snapshot.json`. A refactor
 * must leave every hash as it is; a change to the model's equations or to
 * a bundled scenario changes them on purpose. Re-pin then, and say why in
 * the commit:
 *
 *   UPDATE_SNAPSHOT=1 npx vitest run test/snapshot.test.ts
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, comparisonReport, htmlReport, isScenarioId, scenarios, sensitivity, simulate, simulateUntil, sobol, type ScenarioId } from '../src/index.js';
import { inProcess } from './cli-helpers.js';
import { stableHTML } from './stable.js';

const file = join(__dirname, 'snapshot.json');
const update = process.env.UPDATE_SNAPSHOT === '1';
const pinned: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const seen: Record<string, string> = {};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The pinned studies, each made once: the HTML reports render the same
 * studies whose tables are pinned above them (a result is not changed by
 * being read, so sharing it changes no hash).
 */
const studies = new Map<string, Promise<unknown>>();
function once<T>(key: string, make: () => Promise<T>): Promise<T> {
  if (!studies.has(key)) studies.set(key, make());
  return studies.get(key) as Promise<T>;
}
const study = (id: ScenarioId) => once(`simulate ${id}`, () => simulate(scenarios[id], { runs: 200, seed: 7 }));
const comparison = (a: ScenarioId, b: ScenarioId) => once(`compare ${a} ${b}`, () => compare(scenarios[a], scenarios[b], { runs: 200, seed: 7 }));

/**
 * Checks `text`'s hash against the pinned one (or records it with
 * UPDATE_SNAPSHOT=1); a report's provenance fields that differ from run to
 * run (when it was made, on which runtime) are left out.
 */
function pin(key: string, text: string): void {
  seen[key] = sha256(stableHTML(text));
  if (!update) expect(seen[key], `${key} changed: re-pin on purpose with UPDATE_SNAPSHOT=1 (see the top of this file)`).toBe(pinned[key]);
}

afterAll(() => {
  if (!update) return;
  const sorted = Object.fromEntries(Object.entries({ ...pinned, ...seen }).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, JSON.stringify(sorted, null, 2) + '\n');
});

describe('snapshot of results (200 runs, seed 7)', () => {
  it('pins every hash it checks, and nothing else', () => {
    if (update) return;
    const keys = Object.keys(scenarios).flatMap((id) => [`${id}.csv`, `${id}.events`, `${id}.ranks`]);
    expect(Object.keys(pinned).filter((k) => !/^(analysis|output)\./.test(k)).sort()).toEqual(keys.sort());
  });

  for (const id of Object.keys(scenarios).filter(isScenarioId)) {
    it(id, async () => {
      const result = await study(id);
      pin(`${id}.csv`, result.toCSV());
      pin(`${id}.events`, JSON.stringify(result.events()));
      pin(`${id}.ranks`, JSON.stringify(result.rankTable()));
    });
  }

  it('a Latin-hypercube study with correlated inputs, conditions and kept paths', async () => {
    const result = await simulate(scenarios['apple-alibaba'], {
      runs: 300, seed: 7, design: 'latin-hypercube', keepPaths: 3,
      correlations: { inputs: ['events[0].reviewMonths', 'events[0].adoption'], matrix: [[1, -0.5], [-0.5, 1]] },
      conditions: { approved: (r) => r.events.some((e) => e.kind === 'approved') },
    });
    pin('analysis.lhs.csv', result.toCSV());
    pin('analysis.lhs.given', result.given('approved').toCSV());
    pin('analysis.lhs.paths', JSON.stringify(result.paths.map((p) => p.at('phones', 'share', 'apple', p.horizon))));
  });

  it('a comparison on common random numbers', async () => {
    const c = await comparison('baseline', 'apple-alibaba');
    pin('analysis.compare.csv', c.toCSV());
  });

  const output = { market: 'phones', metric: 'share', agent: 'apple', step: 24 };
  it('sensitivity', async () => {
    const s = await sensitivity(scenarios['apple-alibaba'], { output, runs: 200, seed: 7 });
    pin('analysis.sensitivity', JSON.stringify(s.steps));
  });

  it('sobol', async () => {
    const s = await sobol(scenarios['apple-alibaba'], { output, n: 16, seed: 7, bootstrap: 20, noise: true });
    pin('analysis.sobol', JSON.stringify(s.steps));
  });

  it('runs until a precision is met', async () => {
    const u = await simulateUntil(scenarios.baseline, { seed: 7, batch: 256, maxRuns: 1024, targets: [{ ...output, halfWidth: 0.004 }] });
    pin('analysis.until', JSON.stringify({ runs: u.runsUsed, met: u.met, halfWidths: u.halfWidths, csv: sha256(u.result.toCSV()) }));
  });
});

/** Command-line output without durations (the only part that differs between equal runs). */
const timeless = (text: string): string => text.replace(/\d+(\.\d+)? (ms|s|min)\b/g, '');

describe('snapshot of what is printed and written', () => {
  it('the command line: list, describe, run and compare', async () => {
    const ok = async (args: string[]) => {
      const r = await inProcess(args);
      expect(r.code, r.stderr).toBe(0);
      return timeless(r.stdout);
    };
    pin('output.cli.list', await ok(['list']));
    for (const id of Object.keys(scenarios)) {
      pin(`output.cli.describe.${id}`, await ok(['describe', id]));
      pin(`output.cli.run.${id}`, await ok(['run', id, '--runs', '200', '--seed', '7', '--workers', '1', '--quiet']));
    }
    pin('output.cli.compare', await ok(['compare', 'baseline', 'apple-alibaba', '--runs', '200', '--seed', '7', '--workers', '1', '--quiet']));
    pin('output.cli.compare-policies', await ok(['compare', 'apple-baidu', 'capacity-crunch', '--runs', '200', '--seed', '7', '--workers', '1', '--quiet']));
  });

  it('the HTML reports', async () => {
    for (const id of Object.keys(scenarios).filter(isScenarioId)) {
      const result = await study(id);
      const s = id === 'apple-alibaba' ? await sensitivity(scenarios[id], { output: { market: 'phones', metric: 'share', agent: 'apple' }, runs: 200, seed: 7 }) : undefined;
      pin(`output.html.${id}`, htmlReport(result, { sensitivity: s }));
    }
    pin('output.html.compare', comparisonReport(await comparison('baseline', 'apple-alibaba')));
    pin('output.html.compare-policies', comparisonReport(await comparison('apple-baidu', 'capacity-crunch')));
  });
});
