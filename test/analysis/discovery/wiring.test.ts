/**
 * Scenario discovery and Monte Carlo error wired through the library, the
 * command line (in process) and the report: studies that keep inputs (the
 * same on workers), predicates as text, rank steps by date, `discover` on
 * a synthetic scenario whose answer is known (the predicate holds exactly
 * when two parameters lie in a box), bad predicates naming the column,
 * `--predicate` and `--precision`, the report's "What must be true?"
 * section and the notebook display of every result type.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BLOCK_RUNS, JUPYTER_DISPLAY, discover, describeBox, htmlReport, merge, prepareScenarioDocument, runScenario, sensitivity, simulate,
  simulateOnPool, sobol, workerRunner, type PoolWorker, type ScenarioDocument, type WorkerMessage, type WorkerTask,
} from '../../../src/index.js';
import { expectBadInput, inProcess } from '../../cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'rivalsim-wiring-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Baseline for six months with two parameters; `inBox` is 1 exactly when x > 0.6 and y < 0.3. */
const KNOWN_BOX: ScenarioDocument = {
  id: 'known-box', extends: 'baseline', horizon: 6,
  parameters: { x: { dist: 'uniform', min: 0, max: 1 }, y: { dist: 'uniform', min: 0, max: 1 } },
  metrics: [{ id: 'inBox', market: 'phones', expr: '(x > 0.6) * (y < 0.3)' }],
  study: { rankAt: ['2025-04'], predicates: { inBox: 'metric(phones, inBox, horizon) == 1' } },
};
const boxFile = join(tmp, 'known-box.json');
writeFileSync(boxFile, JSON.stringify(KNOWN_BOX));
const spec = await prepareScenarioDocument(KNOWN_BOX);
const IN_BOX = 'metric(phones, inBox, horizon) == 1';

/** An in-process pool worker (as the pool tests use). */
function fakeWorker(): PoolWorker {
  const run = workerRunner(async () => ({}));
  let onMessage: (m: WorkerMessage) => void = () => {};
  return { post(task: WorkerTask) { setTimeout(() => { void run(task, onMessage); }, 0); }, listen(m) { onMessage = m; }, terminate() {} };
}

describe('studies that keep inputs', () => {
  const runs = 3 * BLOCK_RUNS + 17;
  const options = { runs, seed: 3, keepInputs: true, metrics: [], quantiles: [], predicates: { inBox: IN_BOX } };

  it('keep each run\'s inputs and predicate values, the same on workers and from shards as in process', async () => {
    const one = await simulate(spec, options);
    const table = one.inputTable();
    expect(table.rows).toBe(runs);
    const x = table.columns.find((c) => c.label === 'x')!, y = table.columns.find((c) => c.label === 'y')!;
    const outcome = one.outcome('inBox');
    for (let r = 0; r < runs; r++) expect(outcome[r]).toBe(x.values[r] > 0.6 && y.values[r] < 0.3 ? 1 : 0);
    expect(outcome.reduce((n, v) => n + v, 0)).toBe(one.probability('inBox').count);
    // Run r is the same run wherever it is made: its sampled x is runScenario's.
    expect(x.values[5]).toBe(runScenario(spec, { seed: 3, run: 5 }).inputs['parameters.x']);
    const pooled = await simulateOnPool(spec, options, 3, fakeWorker);
    expect(pooled.inputTable()).toEqual(table);
    expect(Array.from(pooled.outcome('inBox'))).toEqual(Array.from(outcome));
    const shards = await Promise.all([1, 0].map((index) => simulate(spec, { ...options, shard: { index, count: 2 } })));
    expect(merge(shards).inputTable()).toEqual(table);
    await expect(simulate(spec, { runs: 10, seed: 1 }).then((r) => r.inputTable())).rejects.toThrow(/No inputs kept/);
  });

  it('takes predicates as text (the same counts as functions) and rank steps by date', async () => {
    const r = await simulate(spec, {
      runs: 300, seed: 1, metrics: [], rankAt: ['2025-04', 'start'],
      predicates: { text: 'share(phones, apple, horizon) > 0.15', fn: (run) => run.at('phones', 'share', 'apple', 6) > 0.15 },
    });
    expect(r.probability('text')).toEqual(r.probability('fn'));
    expect(r.rankSteps).toEqual([0, 3, 6]);
    expect(r.rankProbability('phones', 'huawei', 1, 3).runs).toBe(300);
    await expect(simulate(spec, { runs: 10, rankAt: ['2025-Q2'] })).rejects.toThrow(/Invalid rank date.*rankAt\[0\]/);
    await expect(simulate(spec, { runs: 10, predicates: { bad: 'share(phones, appel, horizon) > 0.1' } })).rejects.toThrow(/column 15.*predicates\.bad/);
  });

  it('recovers the known box with PRIM and CART, and displays the result', async () => {
    const r = await simulate(spec, { ...options, runs: 2000 });
    const found = discover(r, 'inBox');
    if (found.method !== 'prim') throw new Error('PRIM expected');
    const byLabel = Object.fromEntries(found.box.restrictions.map((x) => [x.label, x]));
    expect(Object.keys(byLabel).sort()).toEqual(['x', 'y']);
    const [rx, ry] = [byLabel.x, byLabel.y];
    if (rx.kind !== 'continuous' || ry.kind !== 'continuous') throw new Error('continuous restrictions expected');
    expect(Math.abs(rx.lower - 0.6)).toBeLessThan(0.03);
    expect(Math.abs(ry.upper - 0.3)).toBeLessThan(0.03);
    expect(found.box.density).toBeGreaterThan(0.95);
    expect(found.box.coverage).toBeGreaterThan(0.9);
    const tree = discover(r, 'inBox', { method: 'cart' });
    expect(describeBox(tree).join(' ')).toMatch(/x .* y|y .* x/);
    const bundle = found._toMime();
    expect(bundle['text/plain']).toMatch(/^DiscoveryResult \(PRIM\): \d+ of 2,000 runs/);
    expect(bundle['text/plain']).toMatch(/x ≥ 0\.\d+ \(p = /);
    expect(bundle['image/svg+xml']!.match(/<svg /g)).toHaveLength(3);
    expect(bundle['image/svg+xml']!.match(/<\/svg>/g)).toHaveLength(3);
    expect(found[JUPYTER_DISPLAY]()).toEqual(bundle);
    expect(JSON.parse(JSON.stringify(found)).method).toBe('prim');
  });
});

describe('rivalsim discover, run --predicate and --precision (in process)', () => {
  it('discover finds the known box (text and --json)', async () => {
    const text = await inProcess(['discover', boxFile, '--when', IN_BOX, '--runs', '1000', '--quiet']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/What must be true for metric\(phones, inBox, horizon\) == 1\?/);
    expect(text.stdout).toMatch(/It holds in \d+\.\d% ± \d\.\d of 1,000 runs/);
    expect(text.stdout).toMatch(/^\s+x ≥ 0\.(59|6)\d*\s/m);
    expect(text.stdout).toMatch(/^\s+y ≤ 0\.(29|3)\d*\s/m);
    expect(text.stdout).toMatch(/Trade-off curve \(\d+ boxes peeled/);
    const json = await inProcess(['discover', boxFile, '--when', IN_BOX, '--runs', '1000', '--json', '--method', 'cart']);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.method).toBe('cart');
    expect(parsed.probability.se).toBeGreaterThan(0);
    expect(parsed.densest.restrictions.map((x: { label: string }) => x.label).sort()).toEqual(['x', 'y']);
  });

  it('a bad predicate is one line naming the flag and the column', async () => {
    expectBadInput(await inProcess(['discover', 'baseline', '--when', 'share(phones, appel, 2027-12) >= 0.18']), /Unknown agent at column 15.*--when/);
    expectBadInput(await inProcess(['run', 'baseline', '--runs', '10', '--predicate', 'share(phones, apple, 2027-12) >=']), /column \d+.*--predicate/);
    expectBadInput(await inProcess(['discover', 'baseline']), /Missing --when/);
    expectBadInput(await inProcess(['discover', boxFile, '--when', 'share(phones, apple, horizon) >= 0', '--runs', '50']), /Nothing to discover/);
    expectBadInput(await inProcess(['discover', boxFile, '--when', 'share(phones, apple, horizon) >= 0', '--report', boxFile]), /Invalid --report: .* is one of the inputs/);
    expectBadInput(await inProcess(['run', 'baseline', '--rank-at', '2031-01']), /Date outside the simulation.*--rank-at/);
    expectBadInput(await inProcess(['run', 'baseline', '--precision', '2']), /Invalid --precision/);
    expectBadInput(await inProcess(['discover', 'baseline', '--when', 'approved(apple+alibaba)', '--method', 'forest']), /Invalid --method/);
  });

  it('run --predicate prints P with its standard error, with the file\'s predicates and rank dates', async () => {
    const r = await inProcess(['run', boxFile, '--runs', '400', '--quiet', '--predicate', 'share(phones, apple, horizon) > 0.12']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\s+inBox\s+1\d\.\d% ± \d\.\d$/m);
    expect(r.stdout).toMatch(/^\s+share\(phones, apple, horizon\) > 0\.12\s+\d+\.\d% ± \d\.\d$/m);
    expect(r.stdout).toMatch(/P\(#1\) at 2025-04 ± se/);
    expect(r.stdout).toMatch(/Median 2025-07 ± se/);
    const c = await inProcess(['compare', 'baseline', 'apple-alibaba', '--runs', '200', '--horizon', '6', '--quiet', '--predicate', 'approved(apple+alibaba)']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/approved\(apple\+alibaba\)\s+\d+\.\d% ± \d\.\d\s+\d+\.\d%/);
  });

  it('run --precision runs whole batches until the shares are that precise', async () => {
    const r = await inProcess(['run', boxFile, '--precision', '0.01', '--seed', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^2,048 runs, seed 2/m);
    expect(r.stderr).toMatch(/Precision met: 2,048 runs, widest 95% half-width of a share 0\.\d+ pp/);
  });
});

describe('the report and the notebook display', () => {
  it('the HTML report has a "What must be true?" section and errors next to estimates', async () => {
    const file = join(tmp, 'report.html');
    const r = await inProcess(['discover', boxFile, '--when', IN_BOX, '--runs', '600', '--report', file, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<section id="discovery">');
    expect(html).toContain('<h2>What must be true?</h2>');
    expect(html).toMatch(/<table class="restrictions">.*x ≥ 0\.\d+/s);
    expect(html).toMatch(/<figure class="chart box-chart"><svg/);
    expect(html).toMatch(/<figure class="chart tradeoff"><svg/);
    expect(html).toMatch(/<td>\d+\.\d+% ± \d\.\d+<\/td>/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('sensitivity carries bootstrap errors, shown in the report; every result type has a MIME bundle', async () => {
    const output = { market: 'phones', metric: 'share', agent: 'apple' };
    const s = await sensitivity(spec, { output, runs: 200, seed: 1, bootstrap: 20 });
    const top = s.at().inputs[0];
    expect(top.errors!.rankCorrelation.se).toBeGreaterThan(0);
    expect(top.errors!.rankCorrelation.estimate).toBeCloseTo(top.rankCorrelation, 12);
    const result = await simulate(spec, { runs: 200, seed: 1 });
    expect(htmlReport(result, { sensitivity: s })).toMatch(/<td>[+-]\d\.\d\d ± \d\.\d\d<\/td>/);
    const sob = await sobol(spec, { output, n: 16, seed: 1, bootstrap: 20, steps: [3, 6] });
    const run = runScenario(spec, { seed: 1 });
    for (const [shown, text] of [[s, /^SensitivityResult: /], [sob, /^SobolResult: /], [run, /^RunResult: known-box/]] as const) {
      const bundle = shown._toMime();
      expect(bundle['text/plain']).toMatch(text);
      expect(bundle['image/svg+xml']).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(bundle['application/vnd.vegalite.v5+json']!.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
      expect(shown[JUPYTER_DISPLAY]()).toEqual(bundle);
    }
    expect(sob.toSVG()).toContain('First order (S1)');
    const single = await sobol(spec, { output, n: 16, seed: 1, bootstrap: 20 });
    expect(single.toSVG().match(/class="index S1"/g)!.length).toBe(single.at().inputs.length > 8 ? 8 : single.at().inputs.length);
    expect(Object.keys(JSON.parse(JSON.stringify(s)))).toContain('steps');
  });
});
