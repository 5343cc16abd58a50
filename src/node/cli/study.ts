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
import { comparisonText, studyText } from '../../report/text.js';
import { checkStudySize } from '../limits.js';
import { checkOutputs, writeFileAtomically } from '../output.js';
import { createProgressBar, formatDuration, type ProgressBar } from '../progress.js';
import { rawStream } from '../terminal.js';
import { located, scenarioPlan, type CliContext, type CliIO } from './context.js';
import {
  CliError, MERGE_OPTIONS, RUN_OPTIONS, distinctFiles, fileOption, metricsOption, oneLine, parseFlags, positionals, shardOptions,
  studyOptions, threadsNote, type StudyOptions,
} from './options.js';

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
  if (file === undefined) return;
  try {
    await writeFileAtomically(file, text());
  } catch (e) {
    throw new CliError(`Cannot write --${kind} ${file}: ${oneLine((e as Error).message)}`);
  }
  if (!options.quiet) io.stderr.write(`Wrote ${file}\n`);
}

/** The outputs of a study, checked before it runs (see {@link checkOutputs}); `inputs`: the files it reads. */
function checkStudyOutputs(options: StudyOptions, out: string | undefined, inputs: readonly string[]): void {
  checkOutputs([['csv', options.csv], ['json', options.json], ['report', options.report], ['out', out]], inputs);
}

/** A study on worker threads, its run failures on bad input located in their files. */
async function studyOf<T>(context: CliContext, plans: readonly Plan[], work: () => Promise<T>): Promise<T> {
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

/** `rivalsim run <scenario>`: a study, its tables, its files (or one shard of it). */
export async function runCommand(args: string[], context: CliContext): Promise<void> {
  const { io, lib } = context;
  const { values, positionals: got } = parseFlags('run', args, RUN_OPTIONS);
  const [name] = positionals('run', got, ['scenario']);
  const { shard: rawShard, out: rawOut, metrics: rawMetrics, ...study } = values;
  const options = studyOptions(study);
  const metrics = metricsOption(rawMetrics, options, rawOut !== undefined);
  const { shard, out } = shardOptions(rawShard, rawOut, options);
  checkStudyOutputs(options, out, [name]);
  const plan = await scenarioPlan(lib, name, options.horizon);
  checkStudySize(plan, metrics, true);
  const started = Date.now();
  const label = shard ? `${plan.id} ${shard.index}/${shard.count}` : plan.id;
  const result = await studyOf(context, [plan], () => withProgress(io, options, label, (onProgress) => lib.simulateOnWorkers(plan, {
    runs: options.runs, seed: options.seed, workers: options.workers, shard, metrics, onProgress,
  })));
  const elapsed = Date.now() - started;
  if (shard) {
    await writeShardFile(context, result, out!, true);
    io.stdout.write(shardLine(plan.id, shard, result.coverage, options, plan.horizon, elapsed, out!));
    return;
  }
  io.stdout.write(studyText(result, `${formatDuration(elapsed)}${threadsNote(options)}`));
  await writeOutput(io, options, 'csv', () => result.toCSV());
  await writeOutput(io, options, 'json', () => JSON.stringify(result.toJSON()));
  if (options.report !== undefined) {
    const s = await studyOf(context, [plan], () => reportSensitivity(context, plan, options));
    await writeOutput(io, options, 'report', () => lib.htmlReport(result, { sensitivity: s }));
  }
  if (out !== undefined) await writeShardFile(context, result, out, options.quiet);
}

/** `rivalsim merge <shard files…>`: the study (or comparison) merged from its shard files, its tables and files. */
export async function mergeCommand(args: string[], { io, lib }: CliContext): Promise<void> {
  const { values, positionals: files } = parseFlags('merge', args, MERGE_OPTIONS);
  if (files.length === 0) throw new CliError('Missing <shard files>: usage rivalsim merge part-0.json part-1.json … [--csv FILE] [--json FILE] [--quiet]');
  const options: StudyOptions = { runs: 1, seed: 0, workers: 1, quiet: values.quiet === true };
  if (typeof values.csv === 'string') options.csv = fileOption('csv', values.csv);
  if (typeof values.json === 'string') options.json = fileOption('json', values.json);
  distinctFiles([['csv', options.csv], ['json', options.json]]);
  checkOutputs([['csv', options.csv], ['json', options.json]], files);
  const started = Date.now();
  // The first file's format decides: simulation shards (run --out) or comparison shards (compare --out).
  const merged = await lib.readAnyShards(files);
  const how = `merged from ${files.length} shard file${files.length === 1 ? '' : 's'} in ${formatDuration(Date.now() - started)}`;
  if (merged.kind === 'comparison') {
    const c = merged.result;
    io.stdout.write(comparisonText(c, how));
    await writeOutput(io, options, 'csv', () => c.toCSV());
    await writeOutput(io, options, 'json', () => JSON.stringify(c.toJSON()));
    return;
  }
  const result = merged.result;
  io.stdout.write(studyText(result, how));
  await writeOutput(io, options, 'csv', () => result.toCSV());
  await writeOutput(io, options, 'json', () => JSON.stringify(result.toJSON()));
}

/** `rivalsim compare <a> <b>`: b − a on common random numbers, its tables and files (or one shard of it). */
export async function compareCommand(args: string[], context: CliContext): Promise<void> {
  const { io, lib } = context;
  const { values, positionals: got } = parseFlags('compare', args, RUN_OPTIONS);
  const [nameA, nameB] = positionals('compare', got, ['a', 'b']);
  const { shard: rawShard, out: rawOut, metrics: rawMetrics, ...study } = values;
  const options = studyOptions(study);
  const metrics = metricsOption(rawMetrics, options, rawOut !== undefined);
  const { shard, out } = shardOptions(rawShard, rawOut, options);
  checkStudyOutputs(options, out, [nameA, nameB]);
  const planA = await scenarioPlan(lib, nameA, options.horizon);
  const planB = await scenarioPlan(lib, nameB, options.horizon);
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
    runs: options.runs, seed: options.seed, workers: options.workers, shard, metrics, quantiles, onProgress,
  })));
  const elapsed = Date.now() - started;
  if (shard) {
    await writeShardFile(context, c, out!, true);
    io.stdout.write(shardLine(label, shard, c.coverage, options, planA.horizon, elapsed, out!));
    return;
  }
  io.stdout.write(comparisonText(c, `${formatDuration(elapsed)}${threadsNote(options)}`));
  await writeOutput(io, options, 'csv', () => c.toCSV());
  await writeOutput(io, options, 'json', () => JSON.stringify(c.toJSON()));
  await writeOutput(io, options, 'report', () => lib.comparisonReport(c));
  if (out !== undefined) await writeShardFile(context, c, out, options.quiet);
}
