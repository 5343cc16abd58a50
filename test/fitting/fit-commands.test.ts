/**
 * `rivalsim calibrate`, `rivalsim backtest` and `run --posterior` in
 * process through `main(argv, io)`: exit codes, the fit and backtest tables,
 * the posterior file and the runs drawn from it, the JSON contract, the
 * report, and one-line answers to bad observation files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtest, backtestToJSON, chinaHistory, observationsToCSV, parsePosterior, posteriorToJSON } from '../../src/index.js';
import { chinaBacktestScenario } from '../../src/scenarios/china.js';
import { expectBadInput, inProcess } from '../cli-helpers.js';
import { syntheticHistory, syntheticScenario } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'rivalsim-fit-'));
const scenarioFile = join(dir, 'synthetic.json');
const dataFile = join(dir, 'obs.csv');
const posteriorFile = join(dir, 'posterior.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  writeFileSync(scenarioFile, JSON.stringify(syntheticScenario()));
  writeFileSync(dataFile, observationsToCSV(await syntheticHistory({ canalys: true })));
});

describe('rivalsim calibrate', () => {
  it('is in the help, as are backtest and run --posterior', async () => {
    const help = await inProcess(['--help']);
    for (const word of ['rivalsim calibrate <scenario>', 'rivalsim backtest <scenario> --origin YYYY-MM', '--posterior FILE', '--calibrate-from YYYY-MM', '"meanReversionMae"']) expect(help.stdout).toContain(word);
    for (const args of [['calibrate', '--help'], ['backtest', 'baseline', '-h']]) expect((await inProcess(args)).stdout).toBe(help.stdout);
  });

  it('fits, prints the fit table, writes the posterior and its report', async () => {
    const report = join(dir, 'fit.html');
    const r = await inProcess(['calibrate', scenarioFile, '--data', dataFile, '--params', 'aiTrend,growth', '--particles', '40', '--generations', '3', '--seed', '3', '--out', posteriorFile, '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/synthetic — abc-smc fit on \d+ figures/);
    expect(r.stdout).toMatch(/Fitted inputs[\s\S]*parameters\.aiTrend[\s\S]*Tracker noise[\s\S]*idc share/);
    expect(r.stderr).toMatch(/abc-smc generation 1\/3/);
    const posterior = parsePosterior(readFileSync(posteriorFile, 'utf8'));
    expect(posterior.parameters.map((p) => p.path)).toEqual(['parameters.aiTrend', 'parameters.growth']);
    expect(posterior.draws).toHaveLength(40);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('How well does the model fit the history?');
    expect(html).toContain('Alpha'); // agents by name
  });

  it('runs the maximum a posteriori method with --method mle, quietly', async () => {
    const r = await inProcess(['calibrate', scenarioFile, '--data', dataFile, '--params', 'aiTrend', '--method', 'mle', '--particles', '20', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mle fit/);
    expect(r.stderr).toBe('');
  });

  it('fits a bundled scenario on the bundled history from --from, as the China landscape stood then', async () => {
    const r = await inProcess(['calibrate', 'baseline', '--from', '2024-01', '--params', 'aiWeightGrowth', '--particles', '10', '--generations', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^china-backtest — abc-smc fit on \d+ figures \(10 runs/);
    expect(r.stdout).toContain('parameters.aiWeightGrowth');
    expectBadInput(await inProcess(['calibrate', 'baseline']), /baseline starts at 2025-01, after the bundled history: pass --from YYYY-MM/);
  });

  it('answers bad flags with exit 2', async () => {
    expectBadInput(await inProcess(['calibrate', scenarioFile]), /Missing --data FILE/);
    expectBadInput(await inProcess(['calibrate', scenarioFile, '--data', dataFile, '--method', 'grid']), /Invalid --method/);
    expectBadInput(await inProcess(['calibrate', scenarioFile, '--data', join(dir, 'none.csv')]), /none\.csv: observation file not found/);
    expectBadInput(await inProcess(['calibrate', scenarioFile, '--data', dataFile, '--bogus']), /Unknown option --bogus for "calibrate"/);
    expectBadInput(await inProcess(['calibrate', scenarioFile, '--data', dataFile, '--params', 'nope']), /Not an uncertain input/);
    expectBadInput(await inProcess(['calibrate', scenarioFile, '--data', dataFile, '--particles', '3']), /Invalid --particles: expected an integer ≥ 10/);
    expectBadInput(await inProcess(['calibrate', scenarioFile, '--data', dataFile, '--from', '2030-01']), /Invalid --from: 2030-01 is not before the last observed month 2023-12/);
    // Outputs never overwrite an input, and are checked before the fit runs.
    const before = readFileSync(dataFile, 'utf8');
    expectBadInput(await inProcess(['calibrate', scenarioFile, '--data', dataFile, '--out', dataFile]), /Invalid --out: .* is one of the inputs/);
    expectBadInput(await inProcess(['calibrate', scenarioFile, '--data', dataFile, '--report', scenarioFile]), /Invalid --report: .* is one of the inputs/);
    expectBadInput(await inProcess(['backtest', scenarioFile, '--data', dataFile, '--origin', '2023-01', '--report', dataFile]), /Invalid --report: .* is one of the inputs/);
    expect(readFileSync(dataFile, 'utf8')).toBe(before);
  });
});

describe('rivalsim run --posterior', () => {
  /** A posterior file holding one draw of (aiTrend, growth). */
  const oneDraw = (name: string, aiTrend: number): string => {
    const posterior = parsePosterior(readFileSync(posteriorFile, 'utf8'));
    const file = join(dir, name);
    writeFileSync(file, posteriorToJSON({ ...posterior, draws: [[aiTrend, 0.05]], weights: [1] }));
    return file;
  };
  /** Alpha's (the AI leader's) median share at the horizon, from the CSV. */
  const alphaMedian = (csv: string): number => {
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    const last = rows.filter((r) => r[1] === 'phones' && r[2] === 'share' && r[3] === 'alpha').at(-1)!;
    return Number(last[11]);
  };

  it('draws the fitted inputs from the posterior: a faster taste for AI gives the AI leader more share', async () => {
    const [slow, fast] = [join(dir, 'slow.csv'), join(dir, 'fast.csv')];
    const a = await inProcess(['run', scenarioFile, '--runs', '60', '--seed', '1', '--posterior', oneDraw('slow.json', 0), '--csv', slow, '--quiet']);
    const b = await inProcess(['run', scenarioFile, '--runs', '60', '--seed', '1', '--posterior', oneDraw('fast.json', 0.12), '--csv', fast, '--quiet']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.stdout).toMatch(/fitted inputs from .*slow\.json \(2 inputs, 1 draws\)/);
    expect(alphaMedian(fast)).toBeGreaterThan(alphaMedian(slow) + 0.05);
  });

  it('adds the fit to the report, works for compare, and rejects a posterior of inputs the scenario lacks', async () => {
    const report = join(dir, 'run.html');
    const r = await inProcess(['run', scenarioFile, '--runs', '30', '--posterior', posteriorFile, '--report', report, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain('How well does the model fit the history?');
    const c = await inProcess(['compare', scenarioFile, scenarioFile, '--runs', '30', '--posterior', posteriorFile, '--quiet']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/fitted inputs from/);
    expectBadInput(await inProcess(['run', 'baseline', '--runs', '10', '--posterior', posteriorFile]), /Posterior input not in the scenario/);
    expectBadInput(await inProcess(['run', scenarioFile, '--posterior', join(dir, 'none.json')]), /none\.json: posterior file not found/);
    expectBadInput(await inProcess(['run', scenarioFile, '--posterior', dataFile]), /obs\.csv/);
  });
});

describe('rivalsim backtest', () => {
  it('prints a table per origin and the origin table, or the JSON contract with --json', async () => {
    const args = ['backtest', scenarioFile, '--data', dataFile, '--origin', '2022-01', '--origin', '2023-01', '--runs', '30', '--periods', 'year', '--quiet'];
    const text = await inProcess(args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Backtest from 2022-01 to 2022-12: 6 published share figures/);
    expect(text.stdout).toMatch(/MAE [\d.]+ pp \(persistence [\d.]+ pp, mean reversion [\d.]+ pp\)/);
    expect(text.stdout).toMatch(/Origin\s+Figures\s+MAE\s+Persistence MAE\s+Mean-reversion MAE\s+50 % coverage\s+90 % coverage\s+CRPS/);
    expect(text.stdout).toMatch(/2023-01 → 2023-12\s+6\s+[\d.]+ pp/);
    const json = await inProcess([...args, '--json']);
    const doc = JSON.parse(json.stdout);
    expect(doc.origins.map((o: { origin: string }) => o.origin)).toEqual(['2022-01', '2023-01']);
    for (const k of ['origin', 'mae', 'persistenceMae', 'meanReversionMae', 'coverage50', 'coverage90', 'crps', 'rows']) expect(doc.origins[0]).toHaveProperty(k);
  });

  it('a bundled scenario without --data: the bundled history, forecast from the China landscape rebuilt at each origin', async () => {
    const options = { origins: ['2023-01', '2024-01'], runs: 20, seed: 5, periods: ['year' as const] };
    const report = join(dir, 'backtest.html');
    const r = await inProcess(['backtest', 'baseline', '--origin', '2023-01', '--origin', '2024-01', '--runs', '20', '--seed', '5', '--periods', 'year', '--json', '--report', report, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(backtestToJSON(await backtest((origin) => chinaBacktestScenario(origin), chinaHistory(), options)));
    const o = JSON.parse(r.stdout).origins[1];
    expect(new Set(o.rows.map((x: { source: string }) => x.source))).toEqual(new Set(['idc', 'canalys', 'counterpoint-pulse']));
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h2>How well does this model forecast?</h2>');
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('Huawei');
  });

  it('--calibrate-from fits before each origin and forecasts on the posterior', async () => {
    const r = await inProcess(['backtest', scenarioFile, '--data', dataFile, '--origin', '2023-01', '--runs', '20', '--periods', 'year',
      '--calibrate-from', '2021-01', '--params', 'aiTrend', '--particles', '20', '--generations', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2023-01: fit generation 2\/2/);
    const o = JSON.parse(r.stdout).origins[0];
    expect(o.calibration.parameters.map((p: { path: string }) => p.path)).toEqual(['parameters.aiTrend']);
  });

  it('answers bad flags with exit 2', async () => {
    expectBadInput(await inProcess(['backtest', scenarioFile, '--data', dataFile]), /Missing --origin/);
    expectBadInput(await inProcess(['backtest', scenarioFile, '--data', dataFile, '--origin', '2023']), /Invalid --origin/);
    expectBadInput(await inProcess(['backtest', scenarioFile, '--data', dataFile, '--origin', '2023-01', '--metric', 'revenue']), /Invalid --metric/);
    expectBadInput(await inProcess(['backtest', scenarioFile, '--origin', '2023-01', '--params', 'aiTrend']), /--params needs --calibrate-from/);
    expectBadInput(await inProcess(['backtest', 'nonesuch', '--origin', '2023-01']), /Unknown scenario/);
  });
});

describe('bad observation files: exit 2, one line naming the file, row and column', () => {
  const header = 'source,market,agent,period,metric,value\n';
  const cases: Array<[string, string, RegExp]> = [
    ['an unknown agent', 'idc,phones,nokia,2023,share,0.1\n', /Unknown agent.*"nokia"/],
    ['a period out of range', 'idc,phones,apple,1850,share,0.1\n', /Period out of range.*"1850"/],
    ['shares of a period summing far above 1', 'idc,phones,apple,2023,share,0.6\nidc,phones,vivo,2023,share,0.6\n', /Shares sum above 1.*1\.2/],
    ['a negative value', 'idc,phones,apple,2023,units,-3\n', /Negative value.*-3/],
    ['an unknown source', 'gartner,phones,apple,2023,share,0.1\n', /Unknown source.*"gartner"/],
    ['text in a number', 'idc,phones,apple,2023,share,about 0.2\n', /Invalid number.*"about 0\.2"/],
  ];
  it.each(cases)('%s', async (what, rows, pattern) => {
    const file = join(dir, `bad-${what.replace(/\W+/g, '-')}.csv`);
    writeFileSync(file, header + rows);
    const row = rows.split('\n').length - 1;
    const col = what.includes('agent') ? 'agent' : what.includes('period out') ? 'period' : what.includes('source') ? 'source' : 'value';
    const where = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: row ${row} \\(line ${row + 1}\\), column "${col}"`);
    for (const args of [['backtest', 'baseline', '--data', file, '--origin', '2024-01'], ['calibrate', 'baseline', '--data', file, '--from', '2022-01']]) {
      const r = await inProcess(args);
      expectBadInput(r, pattern);
      expect(r.stderr).toMatch(where);
    }
  });
});
