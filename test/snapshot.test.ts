/**
 * No-regression snapshot of results: short seeded studies of every bundled
 * scenario (and one of each analysis that draws runs) hashed with SHA-256
 * and compared with the hashes pinned in `test/snapshot.json` (what the
 * command line prints and the HTML reports of the same studies are pinned
 * by the end-to-end tier, test/e2e/snapshot-output.test.ts). A refactor
 * must leave every hash as it is; a change to the model's equations or to
 * a bundled scenario changes them on purpose. Re-pin then, and say why in
 * the commit:
 *
 *   UPDATE_SNAPSHOT=1 npx vitest run test/snapshot.test.ts
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, isScenarioId, scenarios, sensitivity, simulate, simulateUntil, sobol } from '../src/index.js';
import { pinsIn, sha256 } from './pins.js';

const { pinned, update, pin } = pinsIn(join(__dirname, 'snapshot.json'));

describe('snapshot of results (200 runs, seed 7)', () => {
  it('pins every hash it checks, and nothing else', () => {
    if (update) return;
    const keys = Object.keys(scenarios).flatMap((id) => [`${id}.csv`, `${id}.events`, `${id}.ranks`]);
    expect(Object.keys(pinned).filter((k) => !/^analysis\./.test(k)).sort()).toEqual(keys.sort());
  });

  for (const id of Object.keys(scenarios).filter(isScenarioId)) {
    it(id, async () => {
      const result = await simulate(scenarios[id], { runs: 200, seed: 7 });
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
    const c = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 200, seed: 7 });
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
