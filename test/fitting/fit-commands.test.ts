/**
 * The `calibrate` and `backtest` commands as functions: exit codes, the fit
 * and backtest tables, the posterior file, the JSON contract, and one-line
 * answers to bad observation files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { observationsToCSV, parsePosterior } from '../../src/index.js';
import { backtestCommand, calibrateCommand, readPosteriorFile } from '../../src/node/fit-commands.js';
import { syntheticHistory, syntheticScenario } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'rivalsim-fit-'));
const scenarioFile = join(dir, 'synthetic.json');
const dataFile = join(dir, 'obs.csv');

/** Runs a command, capturing its output. */
async function call(command: typeof calibrateCommand, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await command(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

/** Exit 2 with one line on err, naming what is wrong. */
function expectBadInput(r: { code: number; out: string; err: string }, pattern: RegExp): void {
  expect(r.code, r.err).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^rivalsim: /);
  expect(r.err).toMatch(pattern);
}

beforeAll(async () => {
  writeFileSync(scenarioFile, JSON.stringify(syntheticScenario()));
  writeFileSync(dataFile, observationsToCSV(await syntheticHistory({ canalys: true })));
});

describe('calibrateCommand', () => {
  it('fits, prints the fit table and writes the posterior file', async () => {
    const out = join(dir, 'posterior.json');
    const r = await call(calibrateCommand, [scenarioFile, '--data', dataFile, '--params', 'aiTrend,growth', '--particles', '40', '--generations', '3', '--seed', '3', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/synthetic — abc-smc fit on \d+ figures/);
    expect(r.out).toMatch(/Fitted inputs[\s\S]*parameters\.aiTrend[\s\S]*Tracker noise[\s\S]*idc share/);
    expect(r.err).toMatch(/abc-smc generation 1\/3/);
    const posterior = await readPosteriorFile(out);
    expect(posterior.parameters.map((p) => p.path)).toEqual(['parameters.aiTrend', 'parameters.growth']);
    expect(parsePosterior(readFileSync(out, 'utf8')).draws).toHaveLength(40);
  });

  it('runs the maximum a posteriori method with --method mle', async () => {
    const r = await call(calibrateCommand, [scenarioFile, '--data', dataFile, '--params', 'aiTrend', '--method', 'mle', '--particles', '20', '--quiet']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/mle fit/);
    expect(r.err).toBe('');
  });

  it('answers a bad observation file with exit 2 and one line naming the file, row and column', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'source,market,agent,period,metric,value\nidc,phones,alpha,2021,share,0.3\nidc,phones,delta,2021,share,0.2\n');
    expectBadInput(await call(calibrateCommand, [scenarioFile, '--data', bad]), /Unknown agent.*"delta".*bad\.csv: row 2 \(line 3\), column "agent"/);
    writeFileSync(bad, 'source,market,agent,period,metric,value\nidc,phones,alpha,2021,share,lots\n');
    expectBadInput(await call(calibrateCommand, [scenarioFile, '--data', bad]), /Invalid number.*"lots".*row 1 \(line 2\), column "value"/);
  });

  it('answers bad flags with exit 2', async () => {
    expectBadInput(await call(calibrateCommand, [scenarioFile]), /Missing --data/);
    expectBadInput(await call(calibrateCommand, [scenarioFile, '--data', dataFile, '--method', 'grid']), /Invalid --method/);
    expectBadInput(await call(calibrateCommand, [scenarioFile, '--data', join(dir, 'none.csv')]), /Cannot read --data.*no such file/);
    expectBadInput(await call(calibrateCommand, [scenarioFile, '--data', dataFile, '--bogus']), /Unknown option '--bogus'/);
    expectBadInput(await call(calibrateCommand, [scenarioFile, '--data', dataFile, '--params', 'nope']), /Not an uncertain input/);
  });
});

describe('backtestCommand', () => {
  it('prints a table per origin, or the JSON contract with --json', async () => {
    const args = [scenarioFile, '--data', dataFile, '--origin', '2022-01', '--origin', '2023-01', '--runs', '30', '--periods', 'year', '--quiet'];
    const text = await call(backtestCommand, args);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/Backtest from 2022-01 to 2022-12: 6 published share figures/);
    expect(text.out).toMatch(/MAE [\d.]+ pp \(persistence [\d.]+ pp, mean reversion [\d.]+ pp\)/);
    const json = await call(backtestCommand, [...args, '--json']);
    const doc = JSON.parse(json.out);
    expect(doc.origins.map((o: { origin: string }) => o.origin)).toEqual(['2022-01', '2023-01']);
    for (const k of ['mae', 'persistenceMae', 'meanReversionMae', 'coverage50', 'coverage90', 'crps', 'rows']) expect(doc.origins[0]).toHaveProperty(k);
  });

  it('uses the bundled China history without --data (the stand-in moves the scenario\'s start to the origin)', async () => {
    const r = await call(backtestCommand, ['baseline', '--origin', '2024-01', '--runs', '20', '--periods', 'year', '--json', '--quiet']);
    expect(r.code, r.err).toBe(0);
    const o = JSON.parse(r.out).origins[0];
    expect(o.n).toBeGreaterThan(10);
    expect(new Set(o.rows.map((x: { source: string }) => x.source))).toEqual(new Set(['idc', 'canalys', 'counterpoint-pulse']));
  });

  it('answers bad input with exit 2', async () => {
    expectBadInput(await call(backtestCommand, [scenarioFile, '--data', dataFile]), /Missing --origin/);
    expectBadInput(await call(backtestCommand, [scenarioFile, '--data', dataFile, '--origin', '2023']), /Invalid --origin/);
    expectBadInput(await call(backtestCommand, [scenarioFile, '--data', dataFile, '--origin', '2023-01', '--metric', 'revenue']), /Invalid --metric/);
    expectBadInput(await call(backtestCommand, ['nonesuch', '--origin', '2023-01']), /Unknown scenario/);
  });
});
