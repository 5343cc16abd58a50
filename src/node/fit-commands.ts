/**
 * Node-only: the `calibrate` and `backtest` commands of the command line,
 * as functions of (arguments, io) that resolve to an exit code — 0 on
 * success, 2 on bad input (one line on `io.err`, naming the file, row and
 * column of a bad observation), 1 on an internal fault.
 *
 * ```
 * rivalsim calibrate <scenario|file> --data obs.csv [--params a,b] [--method abc|mle] [--out posterior.json]
 *                    [--from YYYY-MM] [--particles N] [--generations N] [--seed S] [--quiet]
 * rivalsim backtest <scenario|file> [--data obs.csv] --origin YYYY-MM [--origin …] [--months N] [--runs N] [--seed S]
 *                   [--metric share|units|users] [--periods year,quarter,month] [--fit-from YYYY-MM] [--json] [--quiet]
 * ```
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { RivalsimError } from '../errors.js';
import { backtest, type BacktestResult, type ScenarioAt } from '../fitting/backtest.js';
import { backtestToJSON } from '../fitting/backtest-scores.js';
import { calibrate } from '../fitting/calibrate.js';
import { chinaHistory } from '../fitting/history.js';
import { parseObservations, type ObservationRow } from '../fitting/observations.js';
import { lastMonth, monthIndex, monthLabel, periodOf, type PeriodKind } from '../fitting/periods.js';
import { parsePosterior, posteriorToJSON, type Posterior } from '../fitting/posterior.js';
import type { ScenarioSpec } from '../model/types.js';
import { num, pct } from '../report/format.js';
import { loadScenario } from './load.js';

/**
 * Where a command writes: results to `out`, progress, notes and errors to `err`.
 *
 * @example
 * const io: FitIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
 */
export interface FitIO {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Hooks of {@link backtestCommand}: how to build a scenario at an origin
 * (default: the loaded scenario with its landscape's start moved to the
 * origin — a stand-in until a landscape is built from the data before it).
 *
 * @example
 * const hooks: BacktestHooks = { scenarioAt: (spec) => (origin, before) => chinaScenarioAt(spec, origin, before) };
 */
export interface BacktestHooks {
  scenarioAt?: (spec: ScenarioSpec) => ScenarioAt;
}

/** A bad flag or value: reported on one line, exit 2. */
class UsageError extends Error {}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** Runs a command body, mapping errors to exit codes (2: bad input, 1: internal fault). */
async function guarded(io: FitIO, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof RivalsimError) { io.err(`rivalsim: ${oneLine(e.message)}\n`); return 2; }
    if (e instanceof Error && e.name === 'RunError' && e.cause instanceof RivalsimError) { io.err(`rivalsim: ${oneLine(e.message)}\n`); return 2; }
    io.err(`rivalsim: Internal error: ${oneLine(e instanceof Error ? `${e.name}: ${e.message}` : String(e))} (please report it)\n`);
    return 1;
  }
}

type Spec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

function flags<O extends Spec>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${oneLine((e as Error).message)} (rivalsim ${command} --help for usage)`);
  }
}

function oneScenario(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${positionals.length ? `Unexpected argument ${JSON.stringify(positionals[1])}` : 'Missing <scenario>'}: usage rivalsim ${command} <scenario|file.json> [options]`);
  return positionals[0];
}

function integer(name: string, raw: string | undefined, min: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`Invalid --${name}: expected an integer ≥ ${min} but received ${JSON.stringify(raw)}`);
  return n;
}

function seedOf(raw: string | undefined): number | string {
  if (raw === undefined) return 42;
  return /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
}

function month(name: string, raw: string): string {
  if (monthIndex(raw) === undefined) throw new UsageError(`Invalid --${name}: expected a month written YYYY-MM but received ${JSON.stringify(raw)}`);
  return raw.trim();
}

function list(raw: string | undefined): string[] | undefined {
  return raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Reads and checks an observation file (CSV, or JSON when it ends in
 * `.json`) against a landscape; a bad row is a RivalsimError naming the
 * file, row and column.
 *
 * @example
 * const rows = await readObservationFile('obs.csv', scenario.landscape);
 */
export async function readObservationFile(file: string, landscape?: ScenarioSpec['landscape']): Promise<ObservationRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read --data ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : oneLine((e as Error).message)}`);
  }
  return parseObservations(text, { file, landscape, format: file.toLowerCase().endsWith('.json') ? 'json' : undefined });
}

/**
 * Reads a posterior file written by `calibrate --out` (for `run --posterior`).
 *
 * @example
 * const posterior = await readPosteriorFile('posterior.json');
 */
export async function readPosteriorFile(file: string): Promise<Posterior> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read posterior ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : oneLine((e as Error).message)}`);
  }
  return parsePosterior(text, { file });
}

/** The scenario run from `from` to the end of the data (its landscape's start moved; horizon to the last observed month). */
function fromMonth(spec: ScenarioSpec, from: string, rows: readonly ObservationRow[]): ScenarioSpec {
  const last = Math.max(...rows.map((o) => lastMonth(periodOf(o.period, o.location ?? 'period'))));
  const horizon = last - monthIndex(from)!;
  if (!(horizon >= 1)) throw new UsageError(`Invalid --from: ${from} is not before the last observed month ${monthLabel(last)}`);
  return { ...spec, landscape: { ...spec.landscape, start: from }, horizon };
}

/** A text table: first column left-aligned, the others right-aligned. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => '  ' + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * `rivalsim calibrate`: fits a scenario's uncertain inputs to an observation
 * file and prints the fit table (posterior of each input, tracker noise,
 * the worst-fitting series); `--out` writes the posterior JSON.
 *
 * @example
 * const code = await calibrateCommand(['my-study.json', '--data', 'obs.csv', '--params', 'aiWeight', '--out', 'posterior.json'], io);
 */
export async function calibrateCommand(args: string[], io: FitIO): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = flags('calibrate', args, {
      data: { type: 'string' }, params: { type: 'string' }, method: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' },
      particles: { type: 'string' }, generations: { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' },
    });
    const name = oneScenario('calibrate', positionals);
    if (values.data === undefined) throw new UsageError('Missing --data FILE: the observations to fit (CSV or JSON; see docs/calibration-method.md)');
    const method = values.method === undefined || values.method === 'abc' || values.method === 'abc-smc' ? 'abc-smc' : values.method === 'mle' ? 'mle' : undefined;
    if (!method) throw new UsageError(`Invalid --method: expected abc or mle but received ${JSON.stringify(values.method)}`);
    let spec = await loadScenario(name);
    const rows = await readObservationFile(values.data, spec.landscape);
    if (values.from !== undefined) spec = fromMonth(spec, month('from', values.from), rows);
    const quiet = values.quiet === true;
    const posterior = await calibrate(spec, rows, {
      method, parameters: list(values.params), seed: seedOf(values.seed),
      particles: integer('particles', values.particles, 10, 200), generations: integer('generations', values.generations, 1, 8),
      onProgress: quiet ? undefined : (p) => { if (p.done === p.total) io.err(`${p.method} ${p.method === 'mle' ? 'stage' : 'generation'} ${p.generation + 1}/${p.generations}: ${p.simulations.toLocaleString('en-US')} runs, ${p.method === 'mle' ? 'best objective' : 'tolerance'} ${Number.isFinite(p.tolerance) ? num(p.tolerance) : '∞'}, ${(p.elapsedMs / 1000).toFixed(1)} s\n`); },
    });
    io.out(fitReport(posterior));
    if (values.out !== undefined) {
      try { await writeFile(values.out, posteriorToJSON(posterior)); } catch (e) { throw new UsageError(`Cannot write --out ${values.out}: ${oneLine((e as Error).message)}`); }
      if (!quiet) io.err(`Wrote ${values.out}\n`);
    }
  });
}

/**
 * The fit table `calibrate` prints.
 *
 * @example
 * fitReport(posterior).split('\n')[0]; // => 'synthetic — abc-smc fit on 39 figures (4,412 runs; reached 8 generations)'
 */
export function fitReport(posterior: Posterior): string {
  const d = posterior.diagnostics;
  const out = [`${posterior.scenario} — ${posterior.method} fit on ${d.settings.observations} figures (${d.simulations.toLocaleString('en-US')} runs; ${d.stopped})`];
  if (Number(d.settings.skipped) > 0) out.push(`${d.settings.skipped} figures outside the simulated months were left out`);
  out.push(`Effective sample size ${num(d.effectiveSampleSize)}, median distance ${num(d.medianDistance)} (RMS relative error)`, '');
  out.push('Fitted inputs', table(['Input', 'Prior', 'Mean', 'sd', 'P5', 'P50', 'P95'], posterior.parameters.map((p) => [
    p.path, p.prior.dist, num(p.mean), num(p.sd), num(p.quantiles.p5), num(p.quantiles.p50), num(p.quantiles.p95),
  ])), '');
  out.push('Tracker noise (scale on the logit scale for shares, log scale for levels)', table(['Group', 'Figures', 'Scale', 'Bias'], posterior.noise.map((n) => [n.group, String(n.observations), num(n.scale), num(n.bias)])), '');
  const worst = [...d.series].sort((a, b) => b.rms - a.rms).slice(0, 8);
  out.push('Series fitted worst (residual = tracker − model, logit or log scale)', table(['Source', 'Market', 'Agent', 'Metric', 'Figures', 'Mean', 'RMS'], worst.map((s) => [
    s.source, s.market, s.agent, s.metric, String(s.observations), num(s.mean), num(s.rms),
  ])));
  return out.join('\n') + '\n';
}

/**
 * `rivalsim backtest`: forecasts the figures after each origin from the
 * data before it and scores them beside persistence and mean reversion;
 * `--json` prints `{ "origins": [ { "origin", "mae", "persistenceMae",
 * "meanReversionMae", "coverage50", "coverage90", "crps", "rows": [...] } ] }`.
 *
 * @example
 * const code = await backtestCommand(['baseline', '--origin', '2023-01', '--origin', '2024-01', '--runs', '500'], io);
 */
export async function backtestCommand(args: string[], io: FitIO, hooks: BacktestHooks = {}): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = flags('backtest', args, {
      data: { type: 'string' }, origin: { type: 'string', multiple: true }, months: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' },
      metric: { type: 'string' }, periods: { type: 'string' }, sources: { type: 'string' }, agents: { type: 'string' },
      'fit-from': { type: 'string' }, params: { type: 'string' }, particles: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' },
    });
    const name = oneScenario('backtest', positionals);
    const origins = (values.origin ?? []).map((o) => month('origin', o));
    if (!origins.length) throw new UsageError('Missing --origin YYYY-MM: the first month forecast (repeat it for rolling origins)');
    const metric = values.metric ?? 'share';
    if (!['share', 'units', 'users'].includes(metric)) throw new UsageError(`Invalid --metric: expected share, units or users but received ${JSON.stringify(metric)}`);
    const periods = list(values.periods);
    periods?.forEach((p) => { if (!['year', 'quarter', 'month'].includes(p)) throw new UsageError(`Invalid --periods: expected year, quarter or month but received ${JSON.stringify(p)}`); });
    const spec = await loadScenario(name);
    const rows = values.data === undefined ? chinaHistory() : await readObservationFile(values.data, spec.landscape);
    const scenarioAt = hooks.scenarioAt?.(spec) ?? ((origin: string) => ({ ...spec, landscape: { ...spec.landscape, start: origin } }));
    const quiet = values.quiet === true;
    const result = await backtest(scenarioAt, rows, {
      origins, horizonMonths: integer('months', values.months, 2, 12), runs: integer('runs', values.runs, 1, 500), seed: seedOf(values.seed),
      metric: metric as ObservationRow['metric'], periods: periods as PeriodKind[] | undefined, sources: list(values.sources), agents: list(values.agents),
      calibrate: values['fit-from'] === undefined ? undefined : { from: month('fit-from', values['fit-from']), parameters: list(values.params), particles: integer('particles', values.particles, 10, 200) },
      onProgress: quiet ? undefined : (p) => { if (p.done === p.total && p.stage === 'forecast') io.err(`${p.origin}: forecast ${p.total.toLocaleString('en-US')} runs\n`); },
    });
    io.out(values.json ? backtestToJSON(result) + '\n' : backtestReport(result));
  });
}

/**
 * The tables `backtest` prints: per origin a row per held-back figure
 * (published, forecast median, P5–P95, error) and the summary scores.
 *
 * @example
 * backtestReport(result).includes('MAE'); // => true
 */
export function backtestReport(result: BacktestResult): string {
  const m = result.metric;
  const v = (x: number) => (m === 'share' ? pct(x) : num(x));
  const e = (x: number) => (!Number.isFinite(x) ? '–' : m === 'share' ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pp` : num(x));
  const out: string[] = [];
  for (const o of result.origins) {
    out.push(`Backtest from ${o.origin} to ${o.to}: ${o.n} published ${m} figures, ${result.runs} runs, seed ${JSON.stringify(result.seed)}${o.unscored ? ` (${o.unscored} without an earlier figure to compare, not scored)` : ''}`);
    if (o.rows.length) {
      out.push(table(['Source', 'Period', 'Agent', 'Published', 'Median', 'P5 – P95', 'Error', 'Persistence', 'Mean rev.'], o.rows.map((r) => [
        r.source, r.period, r.agent, v(r.observed), v(r.median), `${v(r.p5)} – ${v(r.p95)}`, e(r.error), v(r.persistence), v(r.meanReversion),
      ])));
    }
    const abs = (x: number) => e(x).replace('+', '');
    out.push(`  MAE ${abs(o.mae)} (persistence ${abs(o.persistenceMae)}, mean reversion ${abs(o.meanReversionMae)}); RMSE ${abs(o.rmse)}; CRPS ${abs(o.crps)}; ` +
      `coverage 50 % ${pct(o.coverage50, 0)}, 90 % ${pct(o.coverage90, 0)}; pairs ranked right ${pct(o.rankAccuracy, 0)}`, '');
  }
  return out.join('\n');
}
