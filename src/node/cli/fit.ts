/**
 * Node-only: `rivalsim calibrate` and `rivalsim backtest` — fit a scenario's
 * uncertain inputs to tracker figures, and score its forecasts against the
 * figures held back after each origin — and the files they read (observation
 * files, posterior files for `run --posterior`).
 *
 * ```
 * rivalsim calibrate <scenario|file> [--data obs.csv] [--from YYYY-MM] [--params a,b] [--method abc|mle]
 *                    [--particles N] [--generations N] [--seed S] [--workers W] [--out posterior.json] [--report FILE] [--quiet]
 * rivalsim backtest <scenario|file> [--data obs.csv] --origin YYYY-MM [--origin …] [--months N] [--runs N] [--seed S]
 *                   [--metric share|units|users] [--periods year,quarter,month] [--sources a,b] [--agents a,b]
 *                   [--calibrate-from YYYY-MM [--params a,b] [--particles N] [--generations N]] [--json] [--report FILE] [--quiet]
 * ```
 */
import { FILE_LIMITS, readTextFile } from '../input.js';
import { checkOutputs } from '../output.js';
import type { ScenarioAt } from '../../fitting/backtest.js';
import type { ObservationRow } from '../../fitting/observations.js';
import { lastMonth, periodOf, type PeriodKind } from '../../model/periods.js';
import { monthIndex, monthLabel } from '../../model/time.js';
import type { Posterior } from '../../fitting/posterior.js';
import type { ScenarioSpec } from '../../model/types.js';
import { backtestText, calibrationText } from '../../report/fit-text.js';
import { chinaBacktestScenario } from '../../scenarios/china.js';
import type { CliContext, Library } from './context.js';
import { CliError, COMMON_OPTIONS, distinctFiles, fileOption, integerOption, parseFlags, positionals, seedOption, writeOutputFile, type OptionSpec } from './options.js';

/** The fit's own options: what calibrate fits, and backtest --calibrate-from before each origin. */
const FIT_OPTIONS = {
  params: { type: 'string', placeholder: 'LIST' },
  particles: { type: 'string', placeholder: 'N' },
  generations: { type: 'string', placeholder: 'N' },
} as const satisfies Record<string, OptionSpec>;

/** What both commands read and write: the observations, the seed, the report. */
const SHARED_OPTIONS = {
  data: { type: 'string', placeholder: 'FILE' },
  seed: { type: 'string', placeholder: 'S' },
  report: { type: 'string', placeholder: 'FILE' },
  quiet: { type: 'boolean' },
  ...COMMON_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

export const CALIBRATE_OPTIONS = {
  ...SHARED_OPTIONS,
  ...FIT_OPTIONS,
  from: { type: 'string', placeholder: 'YYYY-MM' },
  method: { type: 'string', placeholder: 'abc|mle' },
  workers: { type: 'string', placeholder: 'W' },
  out: { type: 'string', placeholder: 'FILE' },
} as const satisfies Record<string, OptionSpec>;

export const BACKTEST_OPTIONS = {
  ...SHARED_OPTIONS,
  ...FIT_OPTIONS,
  origin: { type: 'string', placeholder: 'YYYY-MM', multiple: true },
  months: { type: 'string', placeholder: 'N' },
  runs: { type: 'string', placeholder: 'N' },
  metric: { type: 'string', placeholder: 'share|units|users' },
  periods: { type: 'string', placeholder: 'LIST' },
  sources: { type: 'string', placeholder: 'LIST' },
  agents: { type: 'string', placeholder: 'LIST' },
  'calibrate-from': { type: 'string', placeholder: 'YYYY-MM' },
  json: { type: 'boolean' },
} as const satisfies Record<string, OptionSpec>;

/**
 * Reads and checks an observation file (CSV, or JSON when it ends in
 * `.json`) against a landscape; a bad row is a `RivalsimError` whose one
 * line names the file, row and column.
 *
 * @example
 * const rows = await readObservationFile(lib, 'obs.csv', scenario.landscape); // rows[0] => { source: 'idc', market: 'phones', … }
 */
export async function readObservationFile(lib: Library, file: string, landscape?: ScenarioSpec['landscape']): Promise<ObservationRow[]> {
  const text = await readTextFile(file, 'observation file', FILE_LIMITS.observations);
  return lib.parseObservations(text, { file, landscape, format: file.toLowerCase().endsWith('.json') ? 'json' : undefined });
}

/**
 * Reads a posterior file written by `calibrate --out` (for `run --posterior`).
 *
 * @example
 * const posterior = await readPosteriorFile(lib, 'posterior.json'); // posterior.draws.length => 200
 */
export async function readPosteriorFile(lib: Library, file: string): Promise<Posterior> {
  return lib.parsePosterior(await readTextFile(file, 'posterior file', FILE_LIMITS.posterior), { file });
}

function month(name: string, raw: string): string {
  if (monthIndex(raw) === undefined) throw new CliError(`Invalid --${name}: expected a month written YYYY-MM but received ${JSON.stringify(raw)}`);
  return raw.trim();
}

function list(raw: string | boolean | undefined): string[] | undefined {
  return typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

function integer(name: string, raw: string | boolean | undefined, min: number, fallback: number): number {
  return typeof raw === 'string' ? integerOption(name, raw, min, Number.MAX_SAFE_INTEGER) : fallback;
}

/** True for a bundled scenario id (all are on the China landscape, whose history ships). */
function isBundled(lib: Library, name: string): boolean {
  return Object.hasOwn(lib.scenarios, name);
}

/** The last month any row covers. */
function lastObserved(rows: readonly ObservationRow[]): number {
  return Math.max(...rows.map((o) => lastMonth(periodOf(o.period, o.location ?? 'period'))));
}

/**
 * The scenario `calibrate` fits: from `--from` to the last observed month —
 * a bundled scenario as the China landscape stood then, a file with its
 * landscape's start moved (a stand-in: the landscape is not rebuilt).
 */
function fitWindow(lib: Library, name: string, spec: ScenarioSpec, from: string | undefined, rows: readonly ObservationRow[]): ScenarioSpec {
  if (from === undefined) {
    if (isBundled(lib, name)) throw new CliError(`${name} starts at ${spec.landscape.start}, after the bundled history: pass --from YYYY-MM (2022-01 … 2024-01) to fit the China landscape as it stood then`);
    return spec;
  }
  const horizon = lastObserved(rows) - monthIndex(from)!;
  if (!(horizon >= 1)) throw new CliError(`Invalid --from: ${from} is not before the last observed month ${monthLabel(lastObserved(rows))}`);
  const at = isBundled(lib, name) ? chinaBacktestScenario(from) : { ...spec, landscape: { ...spec.landscape, start: from } };
  return { ...at, horizon };
}

/** Display names of a landscape's agents. */
function agentNames(spec: ScenarioSpec): Record<string, string> {
  return Object.fromEntries(spec.landscape.agents.map((a) => [a.id, a.name ?? a.id]));
}

/** `rivalsim calibrate <scenario|file>`: the fit table; `--out` writes the posterior, `--report` its page. */
export async function calibrateCommand(args: string[], { io, lib }: CliContext): Promise<void> {
  const { values, positionals: got } = parseFlags('calibrate', args, CALIBRATE_OPTIONS);
  const [name] = positionals('calibrate', got, ['scenario']);
  const method = values.method === undefined || values.method === 'abc' || values.method === 'abc-smc' ? 'abc-smc' : values.method === 'mle' ? 'mle' : undefined;
  if (!method) throw new CliError(`Invalid --method: expected abc or mle but received ${JSON.stringify(values.method)}`);
  const out = typeof values.out === 'string' ? fileOption('out', values.out) : undefined;
  const report = typeof values.report === 'string' ? fileOption('report', values.report) : undefined;
  distinctFiles([['out', out], ['report', report]]);
  checkOutputs([['out', out], ['report', report]], typeof values.data === 'string' ? [name, values.data] : [name]);
  const from = typeof values.from === 'string' ? month('from', values.from) : undefined;
  const settings = {
    parameters: list(values.params), seed: typeof values.seed === 'string' ? seedOption(values.seed) : 42,
    particles: integer('particles', values.particles, 10, 200), generations: integer('generations', values.generations, 1, 8),
  };
  let spec = await lib.loadScenario(name);
  if (typeof values.data !== 'string' && !isBundled(lib, name)) {
    throw new CliError(`Missing --data FILE: the observations to fit ${name} to (CSV or JSON rows source,market,agent,period,metric,value; see docs/fitting.md)`);
  }
  const rows = typeof values.data === 'string' ? await readObservationFile(lib, values.data, spec.landscape) : lib.chinaHistory();
  spec = fitWindow(lib, name, spec, from, rows);
  const quiet = values.quiet === true;
  const workers = typeof values.workers !== 'string' || values.workers.trim() === 'auto'
    ? lib.autoCalibrationWorkers(settings.particles, settings.generations) : integerOption('workers', values.workers, 1, 1024, 'auto');
  const posterior = await lib.calibrateOnWorkers(spec, rows, {
    method, ...settings, workers,
    onProgress: quiet ? undefined : (p) => {
      if (p.done === p.total) io.stderr.write(`${p.method} ${p.method === 'mle' ? 'stage' : 'generation'} ${p.generation + 1}/${p.generations}: ${p.simulations.toLocaleString('en-US')} runs, ${p.method === 'mle' ? 'best objective' : 'tolerance'} ${Number.isFinite(p.tolerance) ? lib.num(p.tolerance) : '∞'}, ${(p.elapsedMs / 1000).toFixed(1)} s\n`);
    },
  });
  io.stdout.write(calibrationText(posterior));
  if (out !== undefined) await writeOutputFile(io.stderr, 'out', out, lib.posteriorToJSON(posterior), quiet);
  if (report !== undefined) await writeOutputFile(io.stderr, 'report', report, lib.calibrationReport(posterior, { agentNames: agentNames(spec) }), quiet);
}

const isMetric = (m: string): m is ObservationRow['metric'] => m === 'share' || m === 'units' || m === 'users';

/** The backtest's settings from the flags (checked). */
function backtestSettings(values: ReturnType<typeof parseFlags<typeof BACKTEST_OPTIONS>>['values']) {
  const origins = (values.origin ?? []).map((o) => month('origin', o));
  if (!origins.length) throw new CliError('Missing --origin YYYY-MM: the first month forecast (repeat it for rolling origins)');
  const metric = typeof values.metric === 'string' ? values.metric : 'share';
  if (!isMetric(metric)) throw new CliError(`Invalid --metric: expected share, units or users but received ${JSON.stringify(metric)}`);
  const periods = list(values.periods);
  periods?.forEach((p) => { if (!['year', 'quarter', 'month'].includes(p)) throw new CliError(`Invalid --periods: expected year, quarter or month but received ${JSON.stringify(p)}`); });
  const from = typeof values['calibrate-from'] === 'string' ? month('calibrate-from', values['calibrate-from']) : undefined;
  for (const flag of ['params', 'particles', 'generations'] as const) {
    if (from === undefined && values[flag] !== undefined) throw new CliError(`--${flag} needs --calibrate-from YYYY-MM: it sets the fit run before each origin`);
  }
  return {
    origins, metric, periods: periods as PeriodKind[] | undefined, sources: list(values.sources), agents: list(values.agents),
    horizonMonths: integer('months', values.months, 2, 12), runs: integer('runs', values.runs, 1, 500),
    seed: typeof values.seed === 'string' ? seedOption(values.seed) : 42,
    calibrate: from === undefined ? undefined : {
      from, parameters: list(values.params), particles: integer('particles', values.particles, 10, 200), generations: integer('generations', values.generations, 1, 8),
    },
  };
}

/**
 * `rivalsim backtest <scenario|file>`: per origin the held-back figures and
 * their scores beside persistence and mean reversion; `--json` prints
 * `{ "origins": [ { "origin", "mae", "persistenceMae", "meanReversionMae",
 * "coverage50", "coverage90", "crps", "rows": [...] } ] }`; `--report`
 * writes the "How well does this model forecast?" page.
 */
export async function backtestCommand(args: string[], { io, lib }: CliContext): Promise<void> {
  const { values, positionals: got } = parseFlags('backtest', args, BACKTEST_OPTIONS);
  const [name] = positionals('backtest', got, ['scenario']);
  const settings = backtestSettings(values);
  const report = typeof values.report === 'string' ? fileOption('report', values.report) : undefined;
  checkOutputs([['report', report]], typeof values.data === 'string' ? [name, values.data] : [name]);
  const spec = await lib.loadScenario(name);
  const rows = typeof values.data === 'string' ? await readObservationFile(lib, values.data, spec.landscape) : lib.chinaHistory();
  // A bundled scenario: the China landscape rebuilt at the origin; a file: its landscape's start moved (a stand-in).
  const scenarioAt: ScenarioAt = isBundled(lib, name) ? (origin) => chinaBacktestScenario(origin) : (origin) => ({ ...spec, landscape: { ...spec.landscape, start: origin } });
  const quiet = values.quiet === true;
  const result = await lib.backtest(scenarioAt, rows, {
    ...settings,
    onProgress: quiet ? undefined : (p) => {
      if (p.done !== p.total) return;
      if (p.stage === 'forecast') io.stderr.write(`${p.origin}: forecast on ${p.total.toLocaleString('en-US')} runs\n`);
      else if (p.calibration) io.stderr.write(`${p.origin}: fit generation ${p.calibration.generation + 1}/${p.calibration.generations}, ${p.calibration.simulations.toLocaleString('en-US')} runs\n`);
    },
  });
  io.stdout.write(values.json ? lib.backtestToJSON(result) + '\n' : backtestText(result));
  if (report !== undefined) {
    const names = agentNames(isBundled(lib, name) ? chinaBacktestScenario(settings.origins[0]) : spec);
    await writeOutputFile(io.stderr, 'report', report, lib.backtestReport(result, { title: `Backtest of ${name}`, agentNames: names }), quiet);
  }
}
