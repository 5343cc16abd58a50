/**
 * Node-only: the command line's options — parsed with node:util
 * `parseArgs`, checked, defaults applied — and its bad-input error.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_HORIZON } from '../../model/compile.js';
import { writeFileAtomically } from '../output.js';

/**
 * Bad input on the command line (unknown command, invalid option value,
 * unwritable output file…): reported on one line, exit code 2.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Text on one line (error messages). */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export type OptionSpec = { type: 'string' | 'boolean'; short?: string; placeholder?: string; multiple?: boolean };

/** The parsed value of an option: a list when it may repeat. */
export type OptionValue<S extends OptionSpec> = S extends { multiple: true } ? string[] : string | boolean;

export const COMMON_OPTIONS = { help: { type: 'boolean', short: 'h' } } as const satisfies Record<string, OptionSpec>;

/** The options of every command that runs a study: how many runs, the seed, the horizon, the worker threads. */
const RUNS_OPTIONS = {
  runs: { type: 'string', placeholder: 'N' },
  seed: { type: 'string', placeholder: 'S' },
  horizon: { type: 'string', placeholder: 'MONTHS' },
  workers: { type: 'string', placeholder: 'W' },
} as const satisfies Record<string, OptionSpec>;

export const STUDY_OPTIONS = {
  ...RUNS_OPTIONS,
  csv: { type: 'string', placeholder: 'FILE' },
  json: { type: 'string', placeholder: 'FILE' },
  report: { type: 'string', placeholder: 'FILE' },
  quiet: { type: 'boolean' },
  metrics: { type: 'string', placeholder: 'LIST' },
  predicate: { type: 'string', placeholder: 'TEXT', multiple: true },
  'rank-at': { type: 'string', placeholder: 'DATES', multiple: true },
  ...COMMON_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

export const RUN_OPTIONS = {
  ...STUDY_OPTIONS,
  shard: { type: 'string', placeholder: 'I/N' },
  out: { type: 'string', placeholder: 'FILE' },
  posterior: { type: 'string', placeholder: 'FILE' },
  precision: { type: 'string', placeholder: 'P' },
  'runs-csv': { type: 'string', placeholder: 'FILE' },
} as const satisfies Record<string, OptionSpec>;

export const DISCOVER_OPTIONS = {
  when: { type: 'string', placeholder: 'TEXT' },
  ...RUNS_OPTIONS,
  method: { type: 'string', placeholder: 'prim|cart' },
  report: { type: 'string', placeholder: 'FILE' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  ...COMMON_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

export const MERGE_OPTIONS = {
  csv: { type: 'string', placeholder: 'FILE' },
  json: { type: 'string', placeholder: 'FILE' },
  report: { type: 'string', placeholder: 'FILE' },
  quiet: { type: 'boolean' },
  ...COMMON_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

/** Options of a study (`run`, `compare`), checked. */
export interface StudyOptions {
  runs: number;
  seed: number | string;
  horizon?: number;
  workers: number;
  csv?: string;
  json?: string;
  /** HTML report file (`--report`). */
  report?: string;
  quiet: boolean;
}

function optionList(options: Record<string, OptionSpec>): string {
  return Object.entries(options).map(([name, o]) => `--${name}${o.placeholder ? ` ${o.placeholder}` : ''}`).join(', ');
}

/**
 * Parses the arguments after the command with node:util `parseArgs`
 * (strict), turning its errors into one-line {@link CliError}s. A negative
 * number after a valued option (`--runs -5`) is taken as its value, so that
 * it is reported as an invalid value rather than as a missing one.
 */
export function parseFlags<O extends Record<string, OptionSpec>>(
  command: string, args: string[], options: O,
): { values: { [K in keyof O]?: OptionValue<O[K]> }; positionals: string[] } {
  const valued = new Set(Object.entries(options).filter(([, o]) => o.type === 'string').map(([n]) => `--${n}`));
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i], next = args[i + 1];
    if (valued.has(a) && next !== undefined && /^-[\d.]/.test(next)) { joined.push(`${a}=${next}`); i++; } else joined.push(a);
  }
  try {
    const { values, positionals } = parseArgs({ args: joined, options, strict: true, allowPositionals: true });
    return { values: values as { [K in keyof O]?: OptionValue<O[K]> }, positionals };
  } catch (e) {
    const err = e as Error & { code?: string };
    const option = /'(--?[^' <]+)/.exec(err.message)?.[1] ?? '';
    const spec = options[option.replace(/^--?/, '')] as OptionSpec | undefined;
    switch (err.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new CliError(`Unknown option ${option} for "${command}": expected ${Object.keys(options).length > 1 ? `one of ${optionList(options)}` : 'none but --help'}`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        if (spec?.type === 'boolean') throw new CliError(`Option ${option} takes no value`);
        throw new CliError(`Missing value for ${option}: expected ${option} ${spec?.placeholder ?? 'VALUE'}`);
      default:
        throw new CliError(oneLine(err.message));
    }
  }
}

/** Runs per worker thread that `--workers auto` (the default) asks for: below it, starting a thread costs more than it saves. */
export const AUTO_RUNS_PER_WORKER = 25_000;

/**
 * `--workers auto`, the default: one worker thread per
 * {@link AUTO_RUNS_PER_WORKER} runs, at least one, at most the machine's
 * parallelism (one means in process).
 *
 * @example
 * autoWorkers(10_000);    // => 1
 * autoWorkers(1_000_000); // => 2 on a 2-core machine
 */
export function autoWorkers(runs: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(runs / AUTO_RUNS_PER_WORKER)));
}

/** An integer option in [min, max]; `or` names another value the option takes, for the error message. */
export function integerOption(name: string, raw: string, min: number, max: number, or?: string): number {
  const n = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`Invalid --${name}: expected an integer ${max <= 1200 ? `in ${min}…${max}` : `≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` (at most ${max})` : ''}`}${or ? `, or ${or},` : ''} but received ${JSON.stringify(raw)}`);
  }
  return n;
}

/** `--workers W|auto` (default auto: see {@link autoWorkers}) for a study of `runs` runs. */
function workersOption(raw: string | undefined, runs: number): number {
  return raw === undefined || raw.trim() === 'auto' ? autoWorkers(runs) : integerOption('workers', raw, 1, 1024, 'auto');
}

/** What a header says of the threads a study ran on (nothing for one). */
export function threadsNote(options: StudyOptions): string {
  return options.workers > 1 ? `, up to ${options.workers} worker threads` : '';
}

/** `--seed S`: an integer or a word. */
export function seedOption(raw: string): number | string {
  if (/^\s*[+-]?\d+\s*$/.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n)) return n;
  } else if (raw.trim() !== '' && !/^\s*[+-]?(\d|\.\d)/.test(raw)) {
    return raw;
  }
  throw new CliError(`Invalid --seed: expected an integer or a word (such as 42 or my-study) but received ${JSON.stringify(raw)}`);
}

export function fileOption(name: string, raw: string): string {
  if (raw.trim() === '') throw new CliError(`Invalid --${name}: expected a file name but received ""`);
  const path = resolve(raw);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`Invalid --${name}: the folder of ${raw} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`Invalid --${name}: ${raw} is a folder, expected a file name`);
  return raw;
}

/**
 * Checks the values of `--runs`, `--seed`, `--horizon`, `--workers`,
 * `--csv`, `--json` and `--quiet` and applies the defaults (10000 runs,
 * seed 42, `--workers auto`: see {@link autoWorkers}).
 *
 * @example
 * studyOptions({ runs: '500', seed: 'x' }); // => { runs: 500, seed: 'x', workers: 1, quiet: false }
 * studyOptions({ runs: '-5' });             // throws CliError: Invalid --runs: expected an integer ≥ 1 (at most 2147483648) but received "-5"
 */
export function studyOptions(values: Partial<Record<keyof typeof STUDY_OPTIONS, string | boolean | string[] | undefined>>): StudyOptions {
  const str = (k: keyof typeof STUDY_OPTIONS) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const runs = str('runs'), seed = str('seed'), horizon = str('horizon'), workers = str('workers'), csv = str('csv'), json = str('json'), report = str('report');
  const studyRuns = runs === undefined ? 10_000 : integerOption('runs', runs, 1, 2 ** 31);
  const out: StudyOptions = {
    runs: studyRuns,
    seed: seed === undefined ? 42 : seedOption(seed),
    workers: workersOption(workers, studyRuns),
    quiet: values.quiet === true,
  };
  if (horizon !== undefined) out.horizon = integerOption('horizon', horizon, 1, MAX_HORIZON);
  if (csv !== undefined) out.csv = fileOption('csv', csv);
  if (json !== undefined) out.json = fileOption('json', json);
  if (out.csv !== undefined && out.json !== undefined && resolve(out.csv) === resolve(out.json)) {
    throw new CliError(`Invalid --json: ${out.json} is also the --csv file`);
  }
  if (report !== undefined) out.report = fileOption('report', report);
  distinctFiles([['csv', out.csv], ['json', out.json], ['report', out.report]]);
  return out;
}

/**
 * Checks `--shard I/N`: integers with 0 ≤ I < N.
 *
 * @example
 * shardOption('3/16'); // => { index: 3, count: 16 }
 * shardOption('16/16'); // throws CliError: Invalid --shard: expected I/N with integers 0 ≤ I < N …
 */
export function shardOption(raw: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new CliError(`Invalid --shard: expected I/N with integers 0 ≤ I < N (such as 3/16: shard 3 of 16, counted from 0) but received ${JSON.stringify(raw)}`);
  }
  return { index, count };
}

/** The output files of one command must differ. */
export function distinctFiles(files: Array<[string, string | undefined]>): void {
  const seen = new Map<string, string>();
  for (const [flag, file] of files) {
    if (file === undefined) continue;
    const other = seen.get(resolve(file));
    if (other) throw new CliError(`Invalid --${flag}: ${file} is also the --${other} file`);
    seen.set(resolve(file), flag);
  }
}

export function positionals(command: string, got: string[], names: string[]): string[] {
  if (got.length < names.length) {
    throw new CliError(`Missing ${names.slice(got.length).map((n) => `<${n}>`).join(' ')}: usage rivalsim ${command} ${names.map((n) => `<${n}>`).join(' ')}${command === 'run' || command === 'compare' ? ' [options]' : ''}`);
  }
  if (got.length > names.length) {
    throw new CliError(`Unexpected argument ${JSON.stringify(got[names.length])}: usage rivalsim ${command} ${names.map((n) => `<${n}>`).join(' ')}${command === 'run' || command === 'compare' ? ' [options]' : ''}`);
  }
  return got;
}

/**
 * The metrics to summarise: those of --metrics (and share); by default every
 * metric when a file takes the full result (--csv, --json, --out), else
 * share alone, since the printed tables and the HTML reports read nothing
 * else (≈ 25 % faster, much less memory).
 */
export function metricsOption(raw: string | boolean | string[] | undefined, options: StudyOptions, writesResult: boolean): string[] | undefined {
  if (typeof raw === 'string') return raw.split(',').map((k) => k.trim()).filter((k) => k !== '');
  return options.csv === undefined && options.json === undefined && !writesResult ? [] : undefined;
}

/**
 * `--shard I/N` and `--out FILE` of run and compare, checked: --shard needs
 * --out, and takes no --csv, --json or --report (written when merging).
 */
export function shardOptions(rawShard: string | boolean | string[] | undefined, rawOut: string | boolean | string[] | undefined, options: StudyOptions) {
  const shard = typeof rawShard === 'string' ? shardOption(rawShard) : undefined;
  const out = typeof rawOut === 'string' ? fileOption('out', rawOut) : undefined;
  if (shard && out === undefined) throw new CliError(`--shard needs --out FILE: a shard holds part of the runs, to merge with the others (rivalsim merge)`);
  if (shard && (options.csv !== undefined || options.json !== undefined || options.report !== undefined)) {
    throw new CliError(`--${options.csv !== undefined ? 'csv' : options.json !== undefined ? 'json' : 'report'} with --shard: a shard holds part of the runs; write --csv and --json when merging (rivalsim merge part-*.json --csv FILE)`);
  }
  distinctFiles([['csv', options.csv], ['json', options.json], ['report', options.report], ['out', out]]);
  return { shard, out };
}

/**
 * `--rank-at 2027-12,2026-06` (repeatable): the dates (or steps) at which
 * rank probabilities are counted besides the horizon.
 *
 * @example
 * rankAtOption(['2027-12,2026-06', '12']); // => ['2027-12', '2026-06', 12]
 */
export function rankAtOption(raw: string[] | undefined): Array<string | number> | undefined {
  if (!raw || raw.length === 0) return undefined;
  const out = raw.flatMap((r) => r.split(',')).map((d) => d.trim()).filter((d) => d !== '');
  if (out.length === 0) throw new CliError('Invalid --rank-at: expected months such as 2027-12 (comma-separated) but received ""');
  return out.map((d) => (/^\d+$/.test(d) ? Number(d) : d));
}

/**
 * `--precision P`: the 95 % half-width every share at the horizon must reach (a share, in (0, 0.5)).
 *
 * @example
 * precisionOption('0.001'); // => 0.001
 */
export function precisionOption(raw: string): number {
  const p = /^\s*\d*\.?\d+(e-?\d+)?\s*$/i.test(raw) ? Number(raw) : NaN;
  if (!(p > 0 && p < 0.5)) throw new CliError(`Invalid --precision: expected a 95% half-width of the shares in (0, 0.5), such as 0.001 (±0.1 pp), but received ${JSON.stringify(raw)}`);
  return p;
}

/**
 * Writes an output file whole (a temporary file in the same folder, renamed
 * over the target), a failure reported as bad input; says so on stderr
 * unless `quiet`.
 *
 * @example
 * await writeOutputFile(io.stderr, 'report', 'fit.html', html, false); // stderr: "Wrote fit.html"
 */
export async function writeOutputFile(stderr: { write(text: string): unknown }, flag: string, file: string, text: string, quiet: boolean | undefined): Promise<void> {
  try {
    await writeFileAtomically(file, text);
  } catch (e) {
    throw new CliError(`Cannot write --${flag} ${file}: ${oneLine((e as Error).message)}`);
  }
  if (!quiet) stderr.write(`Wrote ${file}\n`);
}
