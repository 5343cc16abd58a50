/**
 * `rivalsim/node`'s `calibrate` on worker threads: the same posterior as
 * on one thread, bit for bit (draws, weights, summaries, noise, every
 * diagnostic but the elapsed times), also when a generation is given up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { observationsToCSV, type Posterior } from '../../src/index.js';
import { calibrate } from '../../src/node/index.js';
import { expectBadInput, inProcess } from '../cli-helpers.js';
import { syntheticHistory, syntheticScenario } from '../fitting/synthetic.js';

/** A posterior without its elapsed times (the only part that may differ). */
function timeless(p: Posterior): unknown {
  return JSON.parse(JSON.stringify(p, (k, v) => (k === 'elapsedMs' ? undefined : v)));
}

describe('calibrate on worker threads', () => {
  it('gives the posterior of one thread, bit for bit, for 2 and 3 workers', async () => {
    const history = await syntheticHistory({ canalys: true });
    const options = { parameters: ['aiTrend', 'growth'], particles: 30, generations: 3, seed: 11, batchSize: 7 };
    const one = await calibrate(syntheticScenario(), history, { ...options, workers: 1 });
    const [two, three] = await Promise.all([2, 3].map((workers) => calibrate(syntheticScenario(), history, { ...options, workers })));
    expect(one.diagnostics.generations).toHaveLength(3);
    expect(timeless(two)).toEqual(timeless(one));
    expect(timeless(three)).toEqual(timeless(one));
    expect(Array.from(two.weights)).toEqual(Array.from(one.weights));
  });

  it('and when a particle needs more than maxAttempts proposals (the generation given up, the runs counted alike)', async () => {
    const history = await syntheticHistory();
    const options = { parameters: ['aiTrend'], particles: 20, generations: 4, seed: 3, maxAttempts: 1, quantile: 0.1 };
    const one = await calibrate(syntheticScenario(), history, { ...options, workers: 1 });
    const two = await calibrate(syntheticScenario(), history, { ...options, workers: 2 });
    expect(one.diagnostics.stopped).toMatch(/needed more than 1 proposals/);
    expect(timeless(two)).toEqual(timeless(one));
  });

  it('the command line: --workers 2 prints what --workers 1 prints; bad --workers is exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rivalsim-fitw-'));
    const scenario = join(dir, 's.json'), data = join(dir, 'obs.csv');
    writeFileSync(scenario, JSON.stringify(syntheticScenario()));
    writeFileSync(data, observationsToCSV(await syntheticHistory()));
    const args = ['calibrate', scenario, '--data', data, '--particles', '20', '--generations', '2', '--quiet'];
    const [a, b] = [await inProcess([...args, '--workers', '1']), await inProcess([...args, '--workers', '2'])];
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expectBadInput(await inProcess([...args, '--workers', '0']), /Invalid --workers/);
    rmSync(dir, { recursive: true, force: true });
  });
});
