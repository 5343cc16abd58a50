/**
 * Node-only: `rivalsim run`, `compare` and `merge` — a study (or the merge
 * of its shard files), its tables on stdout (the report model as text),
 * and the files it writes.
 */
import { RivalsimError, escapeControl } from '../../errors.js';
import type { Plan } from '../../model/compile.js';
import type { ComparisonResult } from '../../montecarlo/compare.js';
import type { SimulationResult } from '../../montecarlo/result.js';
import type { Progress } from '../../montecarlo/runner.js';
import type { SimulateOptions } from '../../montecarlo/simulate.js';
import { comparisonText, studyText } from '../../report/text.js';
import { checkStudySize } from '../limits.js';
import { checkOutputs, writeFileAtomically } from '../output.js';
import { createProgressBar, formatDuration, type ProgressBar } from '../progress.js';
import { rawStream } from '../terminal.js';
import { located, scenarioPlan, scenarioStudy, type CliContext, type CliIO } from './context.js';
import { readPosteriorFile } from './fit.js';
import {
  CliError, MERGE_OPTIONS, RUN_OPTIONS, distinctFiles, fileOption, metricsOption, oneLine, parseFlags, positionals, precisionOption, shardOptions,
  studyOptions, threadsNote, writeOutputFile, type StudyOptions,
} from './options.js';
import { studyPredicates, studyRankAt } from './predicates.js';

/** Runs a study with a progress bar on stderr when it is a terminal (and not --quiet). */
async function withProgress<T>(io: CliIO, options: StudyOptions, label: string, work: (onProgress?: (p: Progress) => void) => Promise<T>): Promise<T> {
  // The bar draws its own control sequences on the raw stream: its label is escaped here.
  const bar: ProgressBar | undefined = io.stderr.isTTY && !options.quiet ? createProgressBar(rawStream(io.stderr), escapeControl(label)) : undefined;
  try {
    return await work(bar ? (p) => bar.update(p) : undefined);
  } finally {
    bar?.finish();
  }
}

/**
 * The sensitivity a `run --report` shows: the headline share (the first
 * device market's share of its first strategic device maker, e.g. Apple's
 * phone share) at the horizon, on min(runs, 2000) runs of the same seed.
 */
async function reportSensitivity({ io, lib }: CliContext, plan: Plan, options: StudyOptions) {
  const output = lib.headlineOutput(plan);
  const runs = Math.min(options.runs, 2000);
  if (!output || runs < 10) {
    if (!options.quiet) io.stderr.write(`Note: no sensitivity section in the report (${output ? 'it needs at least 10 runs' : 'no market to analyse'})\n`);
    return undefined;
  }
  const started = Date.now();
  const s = await lib.sensitivity(plan, { output, runs, seed: options.seed });
  if (!options.quiet) io.stderr.write(`Sensitivity of ${s.output} on ${runs.toLocaleString('en-US')} runs, ${formatDuration(Date.now() - started)}\n`);
  return s;
}

/** Writes `--csv`, `--json` or `--report` whole or not at all (see {@link writeFileAtomically}). */
async function writeOutput(io: CliIO, options: StudyOptions, kind: 'csv' | 'json' | 'report', text: () => string): Promise<void> {
  const file = options[kind];
  if (file !== undefined) await writeOutputFile(io.stderr, kind, file, text(), options.quiet);
}

/** The outputs of a study, checked before it runs (see {@link checkOutputs}); `inputs`: the files it reads. */
function checkStudyOutputs(options: StudyOptions, out: string | undefined, inputs: readonly string[], runsCsv?: string): void {
  checkOutputs([['csv', options.csv], ['json', options.json], ['report', options.report], ['out', out], ['runs-csv', runsCsv]], inputs);
}

/**
 * A study on worker threads, its run failures on bad input located in their files.
 *
 * @example
 * const result = await studyOf(context, [plan], () => lib.simulateOnWorkers(plan, options));
 */
export async function studyOf<T>(context: CliContext, plans: readonly Plan[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw located(context.lib, plans, e);
  }
}

/** Writes a shard file (of a study or of a comparison), reporting a failure as bad input. */
async function writeShardFile({ io, lib }: CliContext, result: SimulationResult | ComparisonResult, file: string, quiet: boolean): Promise<void> {
  try {
    await lib.writeShard(result, file);
  } catch (e) {
    if (e instanceof RivalsimError) throw e;
    throw new CliError(`Cannot write --out ${file}: ${oneLine((e as Error).message)}`);
  }
  if (!quiet) io.stderr.write(`Wrote ${file}\n`);
}

/** The line a shard prints: what it ran and the file it wrote. */
function shardLine(label: string, shard: { index: number; count: number }, coverage: { runs: number; from: number; to: number }, options: StudyOptions, months: number, elapsed: number, out: string): string {
  const { from, to, runs } = coverage;
  return `${label}: shard ${shard.index}/${shard.count}, runs ${from.toLocaleString('en-US')}–${(to - 1).toLocaleString('en-US')} of ${runs.toLocaleString('en-US')}, seed ${JSON.stringify(options.seed)}, ${months} months, ${formatDuration(elapsed)}${threadsNote(options)}; wrote ${out}\n`;
}

/** What a header says of a posterior the runs drew their fitted inputs from (nothing without one). */
function posteriorNote(file: string | boolean | undefined, posterior: { draws: unknown[]; parameters: unknown[] } | undefined): string {
  return posterior && typeof file === 'string' ? `; fitted inputs from ${file} (${posterior.parameters.length} inputs, ${posterior.draws.length} draws)` : '';
}

/**
 * `--precision P` of run: `runs: 'auto'` until the 95 % half-width of
 * every share at the horizon is at most P (at most `--runs` runs when
 * given, else 2²⁰), in process.
 */
async function runToPrecision(context: CliContext, plan: Plan, options: StudyOptions, precision: number, maxRuns: number | undefined,
  extra: Pick<SimulateOptions, 'metrics' | 'predicates' | 'rankAt' | 'posterior' | 'keepInputs'>, onProgress?: (p: Progress) => void): Promise<SimulationResult> {
  const targets = plan.markets.flatMap((m) => m.participants.map((p) => ({ market: m.id, metric: 'share', agent: plan.agents[p.agent].id, halfWidth: precision })));
  const batch = 2048;
  const result = await context.lib.simulate(plan, {
    runs: 'auto', seed: options.seed, precision: targets, batch, maxRuns: maxRuns === undefined ? undefined : Math.max(batch, maxRuns), onProgress, ...extra,
  });
  const widest = Math.max(...targets.map((t) => 1.96 * result.stat(t.market, 'share', t.agent).se));
  if (!options.quiet) {
    context.io.stderr.write(`${widest <= precision ? 'Precision met' : 'Precision not met (--runs reached)'}: ${result.runs.toLocaleString('en-US')} runs, widest 95% half-width of a share ${(100 * widest).toFixed(3)} pp (asked ${(100 * precision).toFixed(3)} pp)\n`);
  }
  return result;
}

/** `rivalsim run <scenario>`: a study, its tables, its files (or one shard of it). */
export async function runCommand(args: string[], context: CliContext): Promise<void> {
  const { io, lib } = context;
  const { values, positionals: got } = parseFlags('run', args, RUN_OPTIONS);
  const [name] = positionals('run', got, ['scenario']);
  const {
    shard: rawShard, out: rawOut, metrics: rawMetrics, predicate: rawPredicates, 'rank-at': rawRankAt, precision: rawPrecision, posterior: rawPosterior,
    'runs-csv': rawRunsCsv, ...study
  } = values;
  const options = studyOptions(study);
  const metrics = metricsOption(rawMetrics, options, rawOut !== undefined);
  const { shard, out } = shardOptions(rawShard, rawOut, options);
  const runsCsv = typeof rawRunsCsv === 'string' ? fileOption('runs-csv', rawRunsCsv) : undefined;
  if (runsCsv !== undefined && shard) throw new CliError('--runs-csv with --shard: shard files keep no per-run table; run the study whole with --runs-csv');
  distinctFiles([['csv', options.csv], ['json', options.json], ['report', options.report], ['out', out], ['runs-csv', runsCsv]]);
  const precision = typeof rawPrecision === 'string' ? precisionOption(rawPrecision) : undefined;
  if (precision !== undefined && shard) throw new CliError('--precision with --shard: a study run to a precision decides its own number of runs; run it whole');
  checkStudyOutputs(options, out, typeof rawPosterior === 'string' ? [name, rawPosterior] : [name], runsCsv);
  const { plan, study: settings } = await scenarioStudy(lib, name, options.horizon);
  checkStudySize(plan, metrics, true);
  const predicates = studyPredicates(lib, plan, rawPredicates as string[] | undefined, settings);
  const rankAt = studyRankAt(lib, plan, rawRankAt as string[] | undefined, settings);
  const posterior = typeof rawPosterior === 'string' ? await readPosteriorFile(lib, rawPosterior) : undefined;
  const started = Date.now();
  const label = shard ? `${plan.id} ${shard.index}/${shard.count}` : plan.id;
  // --runs-csv: each run's inputs and outputs are kept (a few numbers a run).
  const keepInputs = runsCsv !== undefined ? true : undefined;
  const result = await studyOf(context, [plan], () => withProgress(io, options, label, (onProgress) => (precision !== undefined
    ? runToPrecision(context, plan, options, precision, values.runs === undefined ? undefined : options.runs, { metrics, predicates, rankAt, posterior, keepInputs }, onProgress)
    : lib.simulateOnWorkers(plan, { runs: options.runs, seed: options.seed, workers: options.workers, shard, metrics, predicates, rankAt, posterior, keepInputs, onProgress }))));
  const elapsed = Date.now() - started;
  if (shard) {
    await writeShardFile(context, result, out!, true);
    io.stdout.write(shardLine(plan.id, shard, result.coverage, options, plan.horizon, elapsed, out!));
    return;
  }
  io.stdout.write(studyText(result, `${formatDuration(elapsed)}${threadsNote(options)}${posteriorNote(rawPosterior, posterior)}`));
  await writeOutput(io, options, 'csv', () => result.toCSV());
  await writeOutput(io, options, 'json', () => JSON.stringify(result.toJSON()));
  if (runsCsv !== undefined) await writeOutputFile(io.stderr, 'runs-csv', runsCsv, result.toRunsCSV(), options.quiet);
  if (options.report !== undefined) {
    const s = await studyOf(context, [plan], () => reportSensitivity(context, plan, options));
    await writeOutput(io, options, 'report', () => lib.htmlReport(result, { sensitivity: s, posterior }));
  }
  if (out !== undefined) await writeShardFile(context, result, out, options.quiet);
}

/** `rivalsim merge <shard files…>`: the study (or comparison) merged from its shard files, its tables and files. */
export async function mergeCommand(args: string[], context: CliContext): Promise<void> {
  const { io, lib } = context;
  const { values, positionals: files } = parseFlags('merge', args, MERGE_OPTIONS);
  if (files.length === 0) throw new CliError('Missing <shard files>: usage rivalsim merge part-0.json part-1.json … [--csv FILE] [--json FILE] [--report FILE] [--quiet]');
  const options: StudyOptions = { runs: 1, seed: 0, workers: 1, quiet: values.quiet === true };
  if (typeof values.csv === 'string') options.csv = fileOption('csv', values.csv);
  if (typeof values.json === 'string') options.json = fileOption('json', values.json);
  if (typeof values.report === 'string') options.report = fileOption('report', values.report);
  distinctFiles([['csv', options.csv], ['json', options.json], ['report', options.report]]);
  checkOutputs([['csv', options.csv], ['json', options.json], ['report', options.report]], files);
  const started = Date.now();
  // The first file's format decides: simulation shards (run --out) or comparison shards (compare --out).
  const merged = await lib.readAnyShards(files);
  const how = `merged from ${files.length} shard file${files.length === 1 ? '' : 's'} in ${formatDuration(Date.now() - started)}`;
  if (merged.kind === 'comparison') {
    const c = merged.result;
    io.stdout.write(comparisonText(c, how));
    await writeOutput(io, options, 'csv', () => c.toCSV());
    await writeOutput(io, options, 'json', () => JSON.stringify(c.toJSON()));
    await writeOutput(io, options, 'report', () => lib.comparisonReport(c));
    return;
  }
  const result = merged.result;
  io.stdout.write(studyText(result, how));
  await writeOutput(io, options, 'csv', () => result.toCSV());
  await writeOutput(io, options, 'json', () => JSON.stringify(result.toJSON()));
  if (options.report !== undefined) {
    // The report of run --report: its sensitivity section on min(runs, 2000) runs of the study's seed, here.
    const s = await studyOf(context, [result.plan], () => reportSensitivity(context, result.plan, { ...options, runs: result.runs, seed: result.seed }));
    await writeOutput(io, options, 'report', () => lib.htmlReport(result, { sensitivity: s }));
  }
}

/** `rivalsim compare <a> <b>`: b − a on common random numbers, its tables and files (or one shard of it). */
export async function compareCommand(args: string[], context: CliContext): Promise<void> {
  const { io, lib } = context;
  const { values, positionals: got } = parseFlags('compare', args, RUN_OPTIONS);
  const [nameA, nameB] = positionals('compare', got, ['a', 'b']);
  const {
    shard: rawShard, out: rawOut, metrics: rawMetrics, predicate: rawPredicates, 'rank-at': rawRankAt, precision, posterior: rawPosterior, 'runs-csv': runsCsv, ...study
  } = values;
  if (precision !== undefined) throw new CliError('--precision is an option of run: compare runs --runs runs (the differences\' confidence intervals are printed)');
  if (runsCsv !== undefined) throw new CliError('--runs-csv is an option of run: run each scenario with --runs-csv');
  const options = studyOptions(study);
  const metrics = metricsOption(rawMetrics, options, rawOut !== undefined);
  const { shard, out } = shardOptions(rawShard, rawOut, options);
  checkStudyOutputs(options, out, typeof rawPosterior === 'string' ? [nameA, nameB, rawPosterior] : [nameA, nameB]);
  const planA = await scenarioPlan(lib, nameA, options.horizon);
  const planB = await scenarioPlan(lib, nameB, options.horizon);
  const posterior = typeof rawPosterior === 'string' ? await readPosteriorFile(lib, rawPosterior) : undefined;
  // Predicates are checked against both scenarios (each may name other events).
  const predicates = studyPredicates(lib, planA, rawPredicates as string[] | undefined);
  if (predicates) studyPredicates(lib, planB, rawPredicates as string[] | undefined);
  const rankAt = studyRankAt(lib, planA, rawRankAt as string[] | undefined);
  if (planA.horizon !== planB.horizon) {
    throw new CliError(`Different horizons: ${nameA} has ${planA.horizon} months and ${nameB} has ${planB.horizon}; pass --horizon MONTHS to compare them over the same months`);
  }
  const started = Date.now();
  const label = `${planA.id} vs ${planB.id}`;
  // The tables, --csv (the differences) and --report read no quantiles of a or b: without --json or --out, no histograms for them.
  const quantiles = options.json === undefined && out === undefined ? [] : undefined;
  checkStudySize(planA, metrics, quantiles === undefined);
  checkStudySize(planB, metrics, quantiles === undefined);
  const c = await studyOf(context, [planA, planB], () => withProgress(io, options, shard ? `${label} ${shard.index}/${shard.count}` : label, (onProgress) => lib.compareOnWorkers(planA, planB, {
    runs: options.runs, seed: options.seed, workers: options.workers, shard, metrics, quantiles, predicates, rankAt, posterior, onProgress,
  })));
  const elapsed = Date.now() - started;
  if (shard) {
    await writeShardFile(context, c, out!, true);
    io.stdout.write(shardLine(label, shard, c.coverage, options, planA.horizon, elapsed, out!));
    return;
  }
  io.stdout.write(comparisonText(c, `${formatDuration(elapsed)}${threadsNote(options)}${posteriorNote(rawPosterior, posterior)}`));
  await writeOutput(io, options, 'csv', () => c.toCSV());
  await writeOutput(io, options, 'json', () => JSON.stringify(c.toJSON()));
  await writeOutput(io, options, 'report', () => lib.comparisonReport(c));
  if (out !== undefined) await writeShardFile(context, c, out, options.quiet);
}
