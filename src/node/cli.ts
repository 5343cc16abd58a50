#!/usr/bin/env node
/**
 * Node-only: the `rivalsim` command line.
 *
 * ```
 * rivalsim list
 * rivalsim describe <scenario>
 * rivalsim run <scenario|file.json> [--runs N] [--seed S] [--horizon MONTHS] [--workers W] [--csv FILE] [--json FILE] [--report FILE] [--quiet]
 * rivalsim run <scenario> --shard I/N --out part-I.json [same options]
 * rivalsim compare <a> <b> [same options]
 * rivalsim compare <a> <b> --shard I/N --out part-I.json [same options]
 * rivalsim merge part-*.json [--csv FILE] [--json FILE] [--quiet]
 * ```
 *
 * Exit codes: 0 on success, 2 on bad input (one line on stderr, no stack),
 * 1 on an internal fault (the stack only with `RIVALSIM_DEBUG` set).
 *
 * Runs built (`node dist/cli.js`, the `rivalsim` bin) and from source
 * (`npx tsx src/node/cli.ts`). Not imported by the portable library entry.
 */
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RivalsimError } from '../errors.js';
import type {
  ComparisonResult, Distribution, EventSpec, Plan, Progress, ScenarioSpec, SimulationResult,
} from '../index.js';
import { createProgressBar, formatDuration, type ProgressBar } from './progress.js';
import { num, pct } from '../report/format.js';

/**
 * The library, the scenario loader, shard files and the worker-thread
 * `simulate` and `compare` (as `simulateOnWorkers`, `compareOnWorkers`), imported on first use so that
 * `--help` and bad flags answer at once.
 */
type Library = typeof import('../index.js') & typeof import('./load.js') & typeof import('./shards.js')
  & { simulateOnWorkers: typeof import('./pool.js').simulate; compareOnWorkers: typeof import('./pool.js').compare };
let library: Library | undefined;

async function loadLibrary(): Promise<Library> {
  if (!library) {
    const [index, load, shards, pool] = await Promise.all([import('../index.js'), import('./load.js'), import('./shards.js'), import('./pool.js')]);
    library = { ...index, ...load, ...shards, simulateOnWorkers: pool.simulate, compareOnWorkers: pool.compare };
  }
  return library;
}

/** The library, once a command has loaded it. */
function lib(): Library {
  if (!library) throw new Error('The library is not loaded yet');
  return library;
}

// ---------------------------------------------------------------------------
// Errors and input/output

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

/** Where the command line writes: stdout for results, stderr for progress, notes and errors. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
}

const processIO = (): CliIO => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

// ---------------------------------------------------------------------------
// Help and version

const HELP = `rivalsim — Monte Carlo simulation of competitive landscapes
(China's smartphone and consumer-AI markets)

Usage
  rivalsim list                         the bundled scenarios
  rivalsim describe <scenario>          narrative, agents, markets, events, uncertain inputs
  rivalsim run <scenario> [options]     simulate; a table per market and the key events
  rivalsim compare <a> <b> [options]    b − a on common random numbers
  rivalsim merge <shard files…> [--csv FILE] [--json FILE] [--quiet]
                                        merge shard files (any order) into the
                                        study's result, printed as run (or, for
                                        comparison shards, compare) prints it
  rivalsim help | --help | --version

A <scenario> is a bundled id (see \`rivalsim list\`) or a JSON scenario file,
e.g. late-deal.json: {"id": "late-deal", "extends": "baseline", "horizon": 48}

Options of run and compare
  --runs N          number of runs, an integer ≥ 1 (default 10000)
  --seed S          seed of the study, an integer or a word (default 42)
  --horizon MONTHS  months to simulate, an integer ≥ 1 (default: the scenario's)
  --workers W       worker threads, an integer ≥ 1, or auto (the default:
                    one per 25,000 runs, up to the machine's cores; a worker
                    takes about half a second to start); results are
                    bit-identical for any W
  --csv FILE        write the summary (run) or the differences (compare) as CSV
  --json FILE       write the full result as JSON
  --report FILE     write a self-contained HTML report (charts, events; for
                    run also the sensitivity of the headline share, e.g.
                    Apple's phone share, on min(runs, 2000) runs)
  --quiet           no progress bar or notes on stderr
  --metrics LIST    summarise only these metrics and share, comma-separated,
                    e.g. users,sales (default: all when --csv, --json or --out
                    writes the result, else share alone: faster)
  -h, --help        this help

Shards (run and compare): split a study over processes or machines, then merge
  --shard I/N       run only shard I of N (0 ≤ I < N): whole blocks of 256 runs
  --out FILE        write the result as a shard file (needed with --shard;
                    without --shard, one file covering all runs)
  e.g.  rivalsim run apple-alibaba --runs 1000000 --shard 3/16 --out part-3.json
        rivalsim merge part-*.json --csv all.csv     (bit-identical to one run)
        rivalsim compare baseline apple-alibaba --shard 3/16 --out cmp-3.json
        rivalsim merge cmp-*.json --csv diff.csv     (bit-identical to one compare)

Output: shares now, the median at the horizon with its P5–P95 range and
P(rank 1) per market; P(approval), P(go-live) and the mean go-live month of
each partnership; P(any outage) and mean outage months per provider.

Exit codes: 0 success, 2 bad input (one line on stderr), 1 internal fault
(set RIVALSIM_DEBUG=1 to print its stack).
`;

/** The version in the package.json next to (or above) this file. */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'rivalsim' && pkg.version) return pkg.version;
    } catch {
      // not here: look one level up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

// ---------------------------------------------------------------------------
// Options

type OptionSpec = { type: 'string' | 'boolean'; short?: string; placeholder?: string };

const COMMON_OPTIONS = { help: { type: 'boolean', short: 'h' } } as const satisfies Record<string, OptionSpec>;

const STUDY_OPTIONS = {
  runs: { type: 'string', placeholder: 'N' },
  seed: { type: 'string', placeholder: 'S' },
  horizon: { type: 'string', placeholder: 'MONTHS' },
  workers: { type: 'string', placeholder: 'W' },
  csv: { type: 'string', placeholder: 'FILE' },
  json: { type: 'string', placeholder: 'FILE' },
  report: { type: 'string', placeholder: 'FILE' },
  quiet: { type: 'boolean' },
  metrics: { type: 'string', placeholder: 'LIST' },
  ...COMMON_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

const RUN_OPTIONS = {
  ...STUDY_OPTIONS,
  shard: { type: 'string', placeholder: 'I/N' },
  out: { type: 'string', placeholder: 'FILE' },
} as const satisfies Record<string, OptionSpec>;

const MERGE_OPTIONS = {
  csv: { type: 'string', placeholder: 'FILE' },
  json: { type: 'string', placeholder: 'FILE' },
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
function parseFlags<O extends Record<string, OptionSpec>>(command: string, args: string[], options: O) {
  const valued = new Set(Object.entries(options).filter(([, o]) => o.type === 'string').map(([n]) => `--${n}`));
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i], next = args[i + 1];
    if (valued.has(a) && next !== undefined && /^-[\d.]/.test(next)) { joined.push(`${a}=${next}`); i++; } else joined.push(a);
  }
  try {
    return parseArgs({ args: joined, options, strict: true, allowPositionals: true });
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
function integerOption(name: string, raw: string, min: number, max: number, or?: string): number {
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
function threadsNote(options: StudyOptions): string {
  return options.workers > 1 ? `, up to ${options.workers} worker threads` : '';
}

function seedOption(raw: string): number | string {
  if (/^\s*[+-]?\d+\s*$/.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n)) return n;
  } else if (raw.trim() !== '' && !/^\s*[+-]?(\d|\.\d)/.test(raw)) {
    return raw;
  }
  throw new CliError(`Invalid --seed: expected an integer or a word (such as 42 or my-study) but received ${JSON.stringify(raw)}`);
}

function fileOption(name: string, raw: string): string {
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
export function studyOptions(values: Partial<Record<keyof typeof STUDY_OPTIONS, string | boolean | undefined>>): StudyOptions {
  const str = (k: keyof typeof STUDY_OPTIONS) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const runs = str('runs'), seed = str('seed'), horizon = str('horizon'), workers = str('workers'), csv = str('csv'), json = str('json'), report = str('report');
  const studyRuns = runs === undefined ? 10_000 : integerOption('runs', runs, 1, 2 ** 31);
  const out: StudyOptions = {
    runs: studyRuns,
    seed: seed === undefined ? 42 : seedOption(seed),
    workers: workersOption(workers, studyRuns),
    quiet: values.quiet === true,
  };
  if (horizon !== undefined) out.horizon = integerOption('horizon', horizon, 1, 1200);
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
function distinctFiles(files: Array<[string, string | undefined]>): void {
  const seen = new Map<string, string>();
  for (const [flag, file] of files) {
    if (file === undefined) continue;
    const other = seen.get(resolve(file));
    if (other) throw new CliError(`Invalid --${flag}: ${file} is also the --${other} file`);
    seen.set(resolve(file), flag);
  }
}

function positionals(command: string, got: string[], names: string[]): string[] {
  if (got.length < names.length) {
    throw new CliError(`Missing ${names.slice(got.length).map((n) => `<${n}>`).join(' ')}: usage rivalsim ${command} ${names.map((n) => `<${n}>`).join(' ')}${command === 'run' || command === 'compare' ? ' [options]' : ''}`);
  }
  if (got.length > names.length) {
    throw new CliError(`Unexpected argument ${JSON.stringify(got[names.length])}: usage rivalsim ${command} ${names.map((n) => `<${n}>`).join(' ')}${command === 'run' || command === 'compare' ? ' [options]' : ''}`);
  }
  return got;
}

// ---------------------------------------------------------------------------
// Scenarios

/** Loads a bundled id or a JSON file, applies `--horizon`, validates and compiles it. */
async function scenarioPlan(nameOrPath: string, horizon?: number): Promise<Plan> {
  const { loadScenario, prepareScenario, scenarios } = await loadLibrary();
  let spec: ScenarioSpec = await loadScenario(nameOrPath);
  if (horizon !== undefined) spec = { ...spec, horizon };
  try {
    return await prepareScenario(spec);
  } catch (e) {
    // Name the file a validation error comes from (bundled ids need no prefix).
    if (e instanceof RivalsimError && !Object.hasOwn(scenarios, nameOrPath) && !e.message.includes(nameOrPath)) {
      e.message = `${nameOrPath}: ${e.message}`;
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Formatting


/** A difference of shares in percentage points, signed: `+1.23 pp`. */
function pp(x: number, unit = true): string {
  if (!Number.isFinite(x)) return '–';
  const v = (100 * x).toFixed(2);
  const s = v === '-0.00' ? '0.00' : v;
  return `${s.startsWith('-') ? '' : '+'}${s}${unit ? ' pp' : ''}`;
}


/** A table: first column left-aligned, the others right-aligned (or as given), two spaces apart. */
function table(header: string[], rows: string[][], align?: Array<'l' | 'r'>, indent = '  '): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const a = align ?? header.map((_, c) => (c === 0 ? 'l' : 'r'));
  const line = (r: string[]) => indent + r.map((cell, c) => (a[c] === 'l' ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function wrap(text: string, width = 78, indent = '  '): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) { out.push(indent + line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A distribution: `beta(alpha 6, beta 3; mean 0.6667)`. */
function formatDistribution(d: Distribution): string {
  const { dist, ...params } = d as Distribution & Record<string, unknown>;
  const args = Object.entries(params).map(([k, v]) => `${k} ${Array.isArray(v) ? `[${v.map((x) => num(Number(x))).join(', ')}]` : typeof v === 'number' ? num(v) : String(v)}`);
  let mean = '';
  try {
    const m = lib().meanOf(d);
    if (Number.isFinite(m)) mean = `; mean ${num(m)}`;
  } catch {
    // an unknown distribution: no mean
  }
  return `${dist}(${args.join(', ')}${mean})`;
}

/** Any declared number: a plain number, a distribution or an expression. */
function formatNumeric(v: unknown): string {
  if (typeof v === 'number') return num(v);
  if (lib().isDistribution(v)) return formatDistribution(v);
  if (typeof v === 'string') return `= ${v}`;
  if (typeof v === 'object' && v !== null && typeof (v as { expr?: unknown }).expr === 'string') return `= ${(v as { expr: string }).expr}`;
  return JSON.stringify(v);
}

function formatMonth(v: unknown, plan: Plan): string {
  if (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v.trim())) return v.trim();
  if (typeof v === 'number') return `month ${num(v)}${Number.isInteger(v) && v >= 0 && v <= plan.horizon ? ` (${plan.dates[v]})` : ''}`;
  return `month ${formatNumeric(v)}`;
}

/** A (fractional) step as `month 7.4 (≈ 2025-08)`. */
function formatStep(step: number, plan: Plan): string {
  if (!Number.isFinite(step)) return '–';
  const t = Math.min(plan.horizon, Math.max(0, Math.round(step)));
  return `month ${step.toFixed(1)} (${Number.isInteger(step) ? '' : '≈ '}${plan.dates[t]})`;
}

/** `id — name` (a name ending with ` — id`, as extended documents get, loses that ending). */
function title(plan: Plan): string {
  let name = plan.spec.name ?? '';
  if (name.endsWith(` — ${plan.id}`)) name = name.slice(0, -` — ${plan.id}`.length);
  return name && name !== plan.id ? `${plan.id} — ${name}` : plan.id;
}

function agentName(plan: Plan, id: string): string {
  const i = plan.agentIndex.get(id);
  return i === undefined ? id : plan.agents[i].name;
}

const ROLE_NAMES: Record<string, string> = { deviceMaker: 'device maker', aiProvider: 'AI provider' };

// ---------------------------------------------------------------------------
// Commands

async function listCommand(args: string[], io: CliIO): Promise<void> {
  const { positionals: got } = parseFlags('list', args, COMMON_OPTIONS);
  positionals('list', got, []);
  const { scenarios } = await loadLibrary();
  const rows = Object.entries(scenarios).map(([id, s]) => [id, s.name ?? '', `${s.horizon ?? 36} months`]);
  io.stdout.write(`Bundled scenarios (rivalsim describe <id> for details)\n${table(['Id', 'Name', 'Horizon'], rows, ['l', 'l', 'r'])}\n`);
}

function describeEvent(e: EventSpec & Record<string, unknown>, plan: Plan, index: number): string[] {
  const id = plan.events[index]?.id ?? (e.id as string | undefined) ?? '';
  const parts: string[] = [];
  const field = (label: string, v: unknown, suffix = '') => { if (v !== undefined) parts.push(`${label} ${formatNumeric(v)}${suffix}`); };
  let who = '';
  switch (e.type) {
    case 'partnership':
      who = `${agentName(plan, e.deviceMaker)} + ${agentName(plan, e.provider)}`;
      parts.push(`announced ${formatMonth(e.announceMonth, plan)}`);
      field('P(approval)', e.approvalProbability);
      field('review', e.reviewMonths, ' months');
      field('go-live delay', e.goLiveDelayMonths, ' months');
      field('integration quality', e.integrationQuality);
      field('privacy cap', e.privacyCap);
      field('adoption', e.adoption);
      field('visibility', e.visibility);
      break;
    case 'aiLaunch':
      who = agentName(plan, e.agent);
      parts.push(formatMonth(e.month, plan));
      field('capability gain', e.capabilityGain);
      if (e.markets) parts.push(`markets ${e.markets.join(', ')}`);
      break;
    case 'shock':
      who = (e.agents ?? []).map((a) => agentName(plan, a)).join(', ');
      parts.push(`${e.attribute ?? 'utility'}${e.market ? ` in ${e.market}` : ''}`);
      field('change', e.change);
      if (e.month !== undefined) parts.push(formatMonth(e.month, plan));
      field('hazard per month', e.hazardPerMonth);
      field('half-life', e.halfLifeMonths, ' months');
      break;
    case 'entry':
    case 'exit':
      who = `${agentName(plan, e.agent)} ${e.type === 'entry' ? 'enters' : 'leaves'} ${e.market}`;
      parts.push(formatMonth(e.month, plan));
      if (e.type === 'entry') field('choice share', e.choiceShare);
      break;
    default:
      who = '';
  }
  const ramp = e.ramp as Record<string, unknown> | undefined;
  if (ramp && typeof ramp === 'object') {
    const { kind, ...rest } = ramp;
    parts.push(`ramp ${String(kind)}${Object.keys(rest).length ? `(${Object.entries(rest).map(([k, v]) => `${k} ${formatNumeric(v)}`).join(', ')})` : ''}`);
  }
  return [`  ${String(e.type)} ${id}${who ? ` — ${who}` : ''}`, wrap(parts.join('; '), 78, '      ')];
}

async function describeCommand(args: string[], io: CliIO): Promise<void> {
  const { positionals: got } = parseFlags('describe', args, COMMON_OPTIONS);
  const [name] = positionals('describe', got, ['scenario']);
  const plan = await scenarioPlan(name);
  const spec = plan.spec;
  const out: string[] = [];
  out.push(title(plan), '');
  if (spec.description) out.push(wrap(spec.description), '');
  out.push(`Calendar: ${plan.start} + ${plan.horizon} months (to ${plan.dates[plan.horizon]})`);
  if (spec.switches && Object.keys(spec.switches).length) out.push(`Switches: ${Object.entries(spec.switches).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);

  out.push('', `Agents (${plan.agents.length})`);
  out.push(table(['Id', 'Name', 'Roles', 'Policies', 'Capacity (M concurrent users)'], plan.agents.map((a, i) => {
    const s = spec.landscape.agents[i];
    const growth = s?.capacity?.growthPerMonth;
    const cap = s?.capacity
      ? `${formatNumeric(s.capacity.concurrentUsers)}${growth === undefined ? '' : typeof growth === 'number' ? `, ${growth >= 0 ? '+' : ''}${num(100 * growth)}%/month` : `, growth ${formatNumeric(growth)}/month`}`
      : '';
    return [a.id, a.name, a.roles.map((r) => ROLE_NAMES[r] ?? r).join(', '), a.policies.map((p) => p.name).join(', '), cap];
  }), ['l', 'l', 'l', 'l', 'l']));

  out.push('', `Markets (${plan.markets.length})`);
  spec.landscape.markets.forEach((m) => {
    const size = m.kind === 'devices'
      ? `${formatNumeric(m.unitsPerYear)} M units a year, replacement cycle ${formatNumeric(m.replacementCycleMonths)} months`
      : `${formatNumeric(m.initialUsers)} M users, potential ${formatNumeric(m.potential)} M`;
    out.push(`  ${m.id} — ${m.name} (${m.kind}: ${size})`);
    out.push(wrap(`starting shares: ${m.participants.map((p) => `${agentName(plan, p.agent)} ${pct(p.initialShare)}`).join(', ')}`, 78, '      '));
    out.push(wrap(`weights: ${Object.entries(m.weights).map(([k, v]) => `${k} ${typeof v === 'number' ? num(v) : JSON.stringify(v)}`).join(', ')}`, 78, '      '));
  });

  const events = spec.events ?? [];
  out.push('', `Events (${events.length})`);
  events.forEach((e, i) => out.push(...describeEvent(e as EventSpec & Record<string, unknown>, plan, i)));
  if (!events.length) out.push('  (none)');

  if (plan.parameters.length) {
    out.push('', `Parameters (${plan.parameters.length}), sampled first in each run`);
    out.push(table(['Name', 'Value'], plan.parameters.map((p) => [p.name, formatNumeric(p.input.value)]), ['l', 'l']));
  }

  const inputs = lib().uncertainInputs(plan);
  out.push('', `Uncertain inputs (${inputs.length}), each sampled once per run`);
  if (inputs.length) out.push(table(['Path', 'Distribution'], inputs.map((x) => [x.path, formatDistribution(x.dist)]), ['l', 'l']));
  else out.push('  (none: every input is a fixed number)');
  if (spec.landscape.sources?.length) out.push('', 'Sources', ...spec.landscape.sources.map((s) => wrap(s, 78, '  ')));
  io.stdout.write(out.join('\n') + '\n');
}

/** Runs a study with a progress bar on stderr when it is a terminal (and not --quiet). */
async function withProgress<T>(io: CliIO, options: StudyOptions, label: string, work: (onProgress?: (p: Progress) => void) => Promise<T>): Promise<T> {
  const bar: ProgressBar | undefined = io.stderr.isTTY && !options.quiet ? createProgressBar(io.stderr, label) : undefined;
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
async function reportSensitivity(io: CliIO, plan: Plan, options: StudyOptions) {
  const output = lib().headlineOutput(plan);
  const runs = Math.min(options.runs, 2000);
  if (!output || runs < 10) {
    if (!options.quiet) io.stderr.write(`Note: no sensitivity section in the report (${output ? 'it needs at least 10 runs' : 'no market to analyse'})\n`);
    return undefined;
  }
  const started = Date.now();
  const s = await lib().sensitivity(plan, { output, runs, seed: options.seed });
  if (!options.quiet) io.stderr.write(`Sensitivity of ${s.output} on ${runs.toLocaleString('en-US')} runs, ${formatDuration(Date.now() - started)}\n`);
  return s;
}

function writeOutput(io: CliIO, options: StudyOptions, kind: 'csv' | 'json' | 'report', text: () => string): void {
  const file = options[kind];
  if (file === undefined) return;
  try {
    writeFileSync(file, text());
  } catch (e) {
    throw new CliError(`Cannot write --${kind} ${file}: ${oneLine((e as Error).message)}`);
  }
  if (!options.quiet) io.stderr.write(`Wrote ${file}\n`);
}

function marketTable(result: SimulationResult, plan: Plan, market: SimulationResult['markets'][number]): string {
  const T = result.horizon;
  const rows = market.agents.map((agent) => {
    const now = result.stat(market.id, 'share', agent, 0).mean;
    const q = result.stat(market.id, 'share', agent, T).quantiles; // P5, P25, P50, P75, P95
    const rank1 = result.rankProbability(market.id, agent, 1, T).probability;
    return [agentName(plan, agent), pct(now), pct(q[2]), `${pct(q[0])} – ${pct(q[4])}`, pct(rank1)];
  });
  const label = market.kind === 'devices' ? 'sales share' : market.kind === 'assistants' ? 'usage share' : 'share';
  return `${market.name} — ${label}\n${table(['Agent', `Now ${result.dates[0]}`, `Median ${result.dates[T]}`, 'P5 – P95', 'P(#1)'], rows)}`;
}

/** Partnerships of a plan (declared) and those policies made (ids `maker+provider@step`), from the event statistics. */
function partnershipIds(result: SimulationResult, plan: Plan): { declared: string[]; policyPairs: string[] } {
  const declared = plan.events.filter((e) => e.type === 'partnership').map((e) => e.id);
  const pairs = new Set<string>();
  for (const e of result.events()) {
    if ((e.kind === 'announced' || e.kind === 'approved' || e.kind === 'live') && e.event && !declared.includes(e.event)) {
      pairs.add(e.event.includes('@') ? e.event.slice(0, e.event.lastIndexOf('@')) : e.event);
    }
  }
  return { declared, policyPairs: [...pairs].sort() };
}

function pairName(plan: Plan, pair: string): string {
  return pair.split('+').map((a) => agentName(plan, a)).join(' + ');
}

function outageAgents(results: SimulationResult[], plan: Plan): string[] {
  const seen = new Set<string>();
  for (const r of results) for (const e of r.events()) if (e.kind === 'outage' && e.agent) seen.add(e.agent);
  return [...seen].sort((a, b) => (plan.agentIndex.get(a) ?? 1e9) - (plan.agentIndex.get(b) ?? 1e9));
}

function eventsSection(result: SimulationResult, plan: Plan): string {
  const out: string[] = [];
  const { declared, policyPairs } = partnershipIds(result, plan);
  if (declared.length) {
    out.push(`Partnerships (share of runs, by ${plan.dates[plan.horizon]})`);
    out.push(table(['Deal', 'P(approved)', 'P(rejected)', 'P(live)', 'Mean go-live (if live)'], declared.map((id) => {
      const e = plan.events.find((x) => x.id === id);
      const parties = e && e.type === 'partnership' ? ` (${plan.agents[e.deviceMaker].name} + ${plan.agents[e.provider].name})` : '';
      const live = result.event('live', id);
      return [`${id}${parties}`, pct(result.event('approved', id).probability), pct(result.event('rejected', id).probability), pct(live.probability), formatStep(live.meanFirstStep, plan)];
    })));
  } else {
    out.push('Partnerships: none declared');
  }
  if (policyPairs.length) {
    // Each deal a policy makes has its own id (maker+provider@month): sum the mean numbers per run.
    const rows = policyPairs.map((pair) => {
      let announced = 0, approved = 0, live = 0, liveStepSum = 0;
      for (const e of result.events()) {
        if (!e.event || (e.event !== pair && !e.event.startsWith(`${pair}@`))) continue;
        if (e.kind === 'announced') announced += e.meanCount;
        if (e.kind === 'approved') approved += e.meanCount;
        if (e.kind === 'live') { live += e.meanCount; liveStepSum += e.meanCount * e.meanFirstStep; }
      }
      return [pairName(plan, pair), announced.toFixed(3), approved.toFixed(3), live.toFixed(3), live > 0 ? formatStep(liveStepSum / live, plan) : '–'];
    });
    out.push('', 'Deals made by policies (mean number per run)');
    out.push(table(['Deal', 'Announced', 'Approved', 'Live', 'Mean go-live (if live)'], rows));
  }
  const providers = outageAgents([result], plan);
  out.push('');
  if (providers.length) {
    out.push(`Outages (capacity overload, by ${plan.dates[plan.horizon]})`);
    out.push(table(['Provider', 'P(any outage)', 'Mean outage months per run', 'First outage (mean)'], providers.map((a) => {
      const s = result.event('outage', undefined, a);
      return [agentName(plan, a), pct(s.probability), s.meanCount.toFixed(2), formatStep(s.meanFirstStep, plan)];
    })));
  } else {
    out.push('Outages: none in any run');
  }
  return out.join('\n');
}

/** The tables `run` and `merge` print: a header line, a table per market, the key events. */
function resultReport(result: SimulationResult, plan: Plan, seed: SimulationResult['seed'], how: string): string {
  const out: string[] = [];
  out.push(title(plan));
  out.push(`${result.runs.toLocaleString('en-US')} runs, seed ${JSON.stringify(seed)}, ${plan.horizon} months (${plan.dates[0]} → ${plan.dates[plan.horizon]}), ${how}`);
  for (const market of result.markets) out.push('', marketTable(result, plan, market));
  out.push('', eventsSection(result, plan));
  return out.join('\n') + '\n';
}

/** Writes a shard file (of a study or of a comparison), reporting a failure as bad input. */
async function writeShardFile(io: CliIO, result: SimulationResult | ComparisonResult, file: string, quiet: boolean): Promise<void> {
  try {
    await lib().writeShard(result, file);
  } catch (e) {
    if (e instanceof RivalsimError) throw e;
    throw new CliError(`Cannot write --out ${file}: ${oneLine((e as Error).message)}`);
  }
  if (!quiet) io.stderr.write(`Wrote ${file}\n`);
}

/**
 * The metrics to summarise: those of --metrics (and share); by default every
 * metric when a file takes the full result (--csv, --json, --out), else
 * share alone, since the printed tables and the HTML reports read nothing
 * else (≈ 25 % faster, much less memory).
 */
function metricsOption(raw: string | boolean | undefined, options: StudyOptions, writesResult: boolean): string[] | undefined {
  if (typeof raw === 'string') return raw.split(',').map((k) => k.trim()).filter((k) => k !== '');
  return options.csv === undefined && options.json === undefined && !writesResult ? [] : undefined;
}

/**
 * `--shard I/N` and `--out FILE` of run and compare, checked: --shard needs
 * --out, and takes no --csv, --json or --report (written when merging).
 */
function shardOptions(rawShard: string | boolean | undefined, rawOut: string | boolean | undefined, options: StudyOptions) {
  const shard = typeof rawShard === 'string' ? shardOption(rawShard) : undefined;
  const out = typeof rawOut === 'string' ? fileOption('out', rawOut) : undefined;
  if (shard && out === undefined) throw new CliError(`--shard needs --out FILE: a shard holds part of the runs, to merge with the others (rivalsim merge)`);
  if (shard && (options.csv !== undefined || options.json !== undefined || options.report !== undefined)) {
    throw new CliError(`--${options.csv !== undefined ? 'csv' : options.json !== undefined ? 'json' : 'report'} with --shard: a shard holds part of the runs; write --csv and --json when merging (rivalsim merge part-*.json --csv FILE)`);
  }
  distinctFiles([['csv', options.csv], ['json', options.json], ['report', options.report], ['out', out]]);
  return { shard, out };
}

/** The line a shard prints: what it ran and the file it wrote. */
function shardLine(label: string, shard: { index: number; count: number }, coverage: { runs: number; from: number; to: number }, options: StudyOptions, months: number, elapsed: number, out: string): string {
  const { from, to, runs } = coverage;
  return `${label}: shard ${shard.index}/${shard.count}, runs ${from.toLocaleString('en-US')}–${(to - 1).toLocaleString('en-US')} of ${runs.toLocaleString('en-US')}, seed ${JSON.stringify(options.seed)}, ${months} months, ${formatDuration(elapsed)}${threadsNote(options)}; wrote ${out}\n`;
}

async function runCommand(args: string[], io: CliIO): Promise<void> {
  const { values, positionals: got } = parseFlags('run', args, RUN_OPTIONS);
  const [name] = positionals('run', got, ['scenario']);
  const { shard: rawShard, out: rawOut, metrics: rawMetrics, ...study } = values;
  const options = studyOptions(study);
  const metrics = metricsOption(rawMetrics, options, rawOut !== undefined);
  const { shard, out } = shardOptions(rawShard, rawOut, options);
  const plan = await scenarioPlan(name, options.horizon);
  const started = Date.now();
  const label = shard ? `${plan.id} ${shard.index}/${shard.count}` : plan.id;
  const result = await withProgress(io, options, label, (onProgress) => lib().simulateOnWorkers(plan, {
    runs: options.runs, seed: options.seed, workers: options.workers, shard, metrics, onProgress,
  }));
  const elapsed = Date.now() - started;
  if (shard) {
    await writeShardFile(io, result, out!, true);
    io.stdout.write(shardLine(plan.id, shard, result.coverage, options, plan.horizon, elapsed, out!));
    return;
  }
  io.stdout.write(resultReport(result, plan, options.seed, `${formatDuration(elapsed)}${threadsNote(options)}`));
  writeOutput(io, options, 'csv', () => result.toCSV());
  writeOutput(io, options, 'json', () => JSON.stringify(result.toJSON()));
  if (options.report !== undefined) {
    const s = await reportSensitivity(io, plan, options);
    writeOutput(io, options, 'report', () => lib().htmlReport(result, { sensitivity: s }));
  }
  if (out !== undefined) await writeShardFile(io, result, out, options.quiet);
}

async function mergeCommand(args: string[], io: CliIO): Promise<void> {
  const { values, positionals: files } = parseFlags('merge', args, MERGE_OPTIONS);
  if (files.length === 0) throw new CliError('Missing <shard files>: usage rivalsim merge part-0.json part-1.json … [--csv FILE] [--json FILE] [--quiet]');
  const options: StudyOptions = { runs: 1, seed: 0, workers: 1, quiet: values.quiet === true };
  if (typeof values.csv === 'string') options.csv = fileOption('csv', values.csv);
  if (typeof values.json === 'string') options.json = fileOption('json', values.json);
  distinctFiles([['csv', options.csv], ['json', options.json]]);
  for (const [flag, file] of [['csv', options.csv], ['json', options.json]] as const) {
    if (file !== undefined && files.some((f) => resolve(f) === resolve(file))) throw new CliError(`Invalid --${flag}: ${file} is one of the shard files`);
  }
  const started = Date.now();
  await loadLibrary();
  // The first file's format decides: simulation shards (run --out) or comparison shards (compare --out).
  const merged = await lib().readAnyShards(files);
  const how = `merged from ${files.length} shard file${files.length === 1 ? '' : 's'} in ${formatDuration(Date.now() - started)}`;
  if (merged.kind === 'comparison') {
    const c = merged.result;
    io.stdout.write(comparisonTables(c, c.a.plan, c.b.plan, c.a.seed, how));
    writeOutput(io, options, 'csv', () => c.toCSV());
    writeOutput(io, options, 'json', () => JSON.stringify(c.toJSON()));
    return;
  }
  const result = merged.result;
  io.stdout.write(resultReport(result, result.plan, result.seed, how));
  writeOutput(io, options, 'csv', () => result.toCSV());
  writeOutput(io, options, 'json', () => JSON.stringify(result.toJSON()));
}

function compareEvents(c: ComparisonResult, planA: Plan, planB: Plan): string {
  const rows: string[][] = [];
  const ids = [...new Set([...partnershipIds(c.a, planA).declared, ...partnershipIds(c.b, planB).declared])];
  for (const id of ids) {
    for (const kind of ['approved', 'live'] as const) {
      const a = c.a.event(kind, id).probability, b = c.b.event(kind, id).probability;
      rows.push([`${id} ${kind}`, pct(a), pct(b), pp(b - a)]);
    }
  }
  for (const agent of outageAgents([c.a, c.b], planA)) {
    const a = c.a.event('outage', undefined, agent).probability, b = c.b.event('outage', undefined, agent).probability;
    rows.push([`${agentName(planA, agent)} any outage`, pct(a), pct(b), pp(b - a)]);
  }
  if (!rows.length) return 'Key events: no partnerships and no outages in either scenario';
  return `Key events (share of runs, by ${planA.dates[planA.horizon]})\n${table(['Event', 'a', 'b', 'b − a'], rows)}`;
}

/**
 * The tables `compare` and `merge` (of comparison shards) print: the two
 * scenarios, a header line ending with `how`, a table of b − a per market,
 * the key events.
 */
function comparisonTables(c: ComparisonResult, planA: Plan, planB: Plan, seed: SimulationResult['seed'], how: string): string {
  const T = planA.horizon;
  const out: string[] = [];
  out.push(`a: ${title(planA)}`);
  out.push(`b: ${title(planB)}`);
  out.push(`${c.a.runs.toLocaleString('en-US')} runs on common random numbers, seed ${JSON.stringify(seed)}, ${T} months (${planA.dates[0]} → ${planA.dates[T]}), ${how}`);
  for (const market of c.markets) {
    const rows = market.agents.map((agent) => {
      const d = c.difference(market.id, 'share', agent, T);
      return [agentName(planA, agent), pct(c.a.stat(market.id, 'share', agent, T).mean), pct(c.b.stat(market.id, 'share', agent, T).mean),
        pp(d.mean), `[${pp(d.ciLow, false)}, ${pp(d.ciHigh, false)}]`, pct(d.pGreater)];
    });
    const label = market.kind === 'devices' ? 'sales share' : market.kind === 'assistants' ? 'usage share' : 'share';
    out.push('', `${market.name} — ${label} at ${planA.dates[T]}, b − a`);
    out.push(table(['Agent', 'Mean a', 'Mean b', 'b − a', '95% CI (pp)', 'P(b > a)'], rows));
  }
  out.push('', compareEvents(c, planA, planB));
  return out.join('\n') + '\n';
}

async function compareCommand(args: string[], io: CliIO): Promise<void> {
  const { values, positionals: got } = parseFlags('compare', args, RUN_OPTIONS);
  const [nameA, nameB] = positionals('compare', got, ['a', 'b']);
  const { shard: rawShard, out: rawOut, metrics: rawMetrics, ...study } = values;
  const options = studyOptions(study);
  const metrics = metricsOption(rawMetrics, options, rawOut !== undefined);
  const { shard, out } = shardOptions(rawShard, rawOut, options);
  const planA = await scenarioPlan(nameA, options.horizon);
  const planB = await scenarioPlan(nameB, options.horizon);
  if (planA.horizon !== planB.horizon) {
    throw new CliError(`Different horizons: ${nameA} has ${planA.horizon} months and ${nameB} has ${planB.horizon}; pass --horizon MONTHS to compare them over the same months`);
  }
  const started = Date.now();
  const label = `${planA.id} vs ${planB.id}`;
  // The tables, --csv (the differences) and --report read no quantiles of a or b: without --json or --out, no histograms for them.
  const quantiles = options.json === undefined && out === undefined ? [] : undefined;
  const c = await withProgress(io, options, shard ? `${label} ${shard.index}/${shard.count}` : label, (onProgress) => lib().compareOnWorkers(planA, planB, {
    runs: options.runs, seed: options.seed, workers: options.workers, shard, metrics, quantiles, onProgress,
  }));
  const elapsed = Date.now() - started;
  if (shard) {
    await writeShardFile(io, c, out!, true);
    io.stdout.write(shardLine(label, shard, c.coverage, options, planA.horizon, elapsed, out!));
    return;
  }
  io.stdout.write(comparisonTables(c, planA, planB, options.seed, `${formatDuration(elapsed)}${threadsNote(options)}`));
  writeOutput(io, options, 'csv', () => c.toCSV());
  writeOutput(io, options, 'json', () => JSON.stringify(c.toJSON()));
  writeOutput(io, options, 'report', () => lib().comparisonReport(c));
  if (out !== undefined) await writeShardFile(io, c, out, options.quiet);
}

// ---------------------------------------------------------------------------
// Main

const COMMANDS = ['list', 'describe', 'run', 'compare', 'merge', 'help'];

/** Exit code and one-line message of an error: 2 for bad input, 1 for an internal fault. */
function classify(e: unknown): { code: 1 | 2; message: string } {
  if (e instanceof CliError || e instanceof RivalsimError) return { code: 2, message: oneLine(e.message) };
  // A run that failed on an invalid sampled input (e.g. an expression out of range) is bad input too.
  if (e instanceof Error && e.name === 'RunError' && e.cause instanceof RivalsimError) return { code: 2, message: oneLine(e.message) };
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { code: 1, message: `Internal error: ${oneLine(message)}` };
}

/**
 * Runs the command line on `argv` (the arguments after the program name)
 * and resolves to the exit code: 0 on success, 2 on bad input (one line on
 * stderr), 1 on an internal fault (its stack on stderr only when
 * `RIVALSIM_DEBUG` is set). Never throws.
 *
 * @example
 * const code = await main(['run', 'apple-alibaba', '--runs', '1000', '--quiet']);
 * process.exitCode = code;
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) throw new CliError(`Missing command: expected one of ${COMMANDS.join(', ')} (rivalsim --help for usage)`);
    if (command === '--version' || command === '-v' || command === 'version') {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    if (command === '--help' || command === '-h' || command === 'help' || (COMMANDS.includes(command) && (rest.includes('--help') || rest.includes('-h')))) {
      io.stdout.write(HELP);
      return 0;
    }
    switch (command) {
      case 'list': await listCommand(rest, io); break;
      case 'describe': await describeCommand(rest, io); break;
      case 'run': await runCommand(rest, io); break;
      case 'compare': await compareCommand(rest, io); break;
      case 'merge': await mergeCommand(rest, io); break;
      default:
        throw new CliError(`Unknown command ${JSON.stringify(command)}: expected one of ${COMMANDS.join(', ')} (rivalsim --help for usage)`);
    }
    return 0;
  } catch (e) {
    const { code, message } = classify(e);
    const debug = code === 1 && Boolean(io.env.RIVALSIM_DEBUG);
    io.stderr.write(`rivalsim: ${message}${code === 1 && !debug ? ' (set RIVALSIM_DEBUG=1 for the stack; please report it)' : ''}\n`);
    if (debug) io.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    return code;
  }
}

/** True when this module is the program being run (directly, via the bin link, or via tsx). */
function isEntryPoint(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `rivalsim run … | head`: a closed pipe is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
