/**
 * Node-only: `rivalsim discover <scenario> --when "…"` — scenario
 * discovery from the command line: a study that keeps each run's inputs
 * and whether the predicate held, then PRIM (or CART) for the box of
 * inputs where it holds; the box, its restrictions with quasi-p-values and
 * the trade-off curve as text (or `--json`), and optionally an HTML report
 * with the "What must be true?" section.
 */
import { discoveryText, type DiscoveryReport } from '../../report/discovery.js';
import { formatDuration } from '../progress.js';
import { scenarioPlan, type CliContext } from './context.js';
import { checkOutputs } from '../output.js';
import { studyOf } from './study.js';
import { CliError, DISCOVER_OPTIONS, fileOption, parseFlags, positionals, studyOptions, threadsNote, writeOutputFile } from './options.js';

/** Runs of `rivalsim discover` unless `--runs` says otherwise: enough for PRIM's 5 % peels to hold hundreds of runs. */
export const DISCOVER_RUNS = 4000;

/** The predicate's name in the study. */
const WHEN = 'when';

/** `--method prim|cart`. */
function methodOption(raw: string | undefined): 'prim' | 'cart' {
  if (raw === undefined || raw === 'prim' || raw === 'cart') return raw ?? 'prim';
  throw new CliError(`Invalid --method: expected prim or cart but received ${JSON.stringify(raw)}`);
}

/** A discovery as JSON: the predicate, its probability, the box and its restrictions, and the trade-off curve (or CART's leaves). */
function discoveryJSON(report: DiscoveryReport, meta: Record<string, unknown>): Record<string, unknown> {
  const { found } = report;
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const restrictions = (found.method === 'prim' ? found.box : found.leaves[0]).restrictions.map((r) => (r.kind === 'categorical' ? r
    : { ...r, lower: finite(r.lower), upper: finite(r.upper) }));
  const base = { ...meta, predicate: report.predicate, probability: report.probability, method: found.method, rows: found.rows, hits: found.hits };
  if (found.method === 'prim') {
    const { limits: _l, ...box } = found.box;
    return { ...base, box: { ...box, restrictions }, selected: found.selected, trajectory: found.trajectory.map(({ limits: _x, ...s }) => s) };
  }
  return { ...base, leaves: found.leaves.map(({ restrictions: rs, limits: _l, ...leaf }) => ({ ...leaf, restricted: rs.length })), densest: { restrictions } };
}

/** `rivalsim discover <scenario> --when "…"`: what must be true for the predicate to hold. */
export async function discoverCommand(args: string[], { io, lib }: CliContext): Promise<void> {
  const { values, positionals: got } = parseFlags('discover', args, DISCOVER_OPTIONS);
  const [name] = positionals('discover', got, ['scenario']);
  if (typeof values.when !== 'string' || values.when.trim() === '') {
    throw new CliError('Missing --when: the outcome to explain, e.g. --when "share(phones, apple, 2027-12) >= 0.18"');
  }
  const when = values.when;
  const options = studyOptions({ runs: (values.runs as string | undefined) ?? String(DISCOVER_RUNS), seed: values.seed, horizon: values.horizon, workers: values.workers, quiet: values.quiet, report: values.report });
  const method = methodOption(values.method as string | undefined);
  const plan = await scenarioPlan(lib, name, options.horizon);
  const predicate = lib.compilePredicate(when, plan, '--when');
  const report = options.report === undefined ? undefined : fileOption('report', options.report);
  checkOutputs([['report', report]], [name]);
  const started = Date.now();
  // Only the predicate and the inputs are needed, unless a report draws the markets too.
  const result = await studyOf({ io, lib }, [plan], () => lib.simulateOnWorkers(plan, {
    runs: options.runs, seed: options.seed, workers: options.workers, keepInputs: true, predicates: { [WHEN]: when },
    metrics: [], quantiles: report === undefined ? [] : undefined,
  }));
  const found = lib.discover(result, WHEN, { method });
  const discovery: DiscoveryReport = { predicate: predicate.source, probability: result.probability(WHEN), found, dates: result.dates };
  const how = `${result.runs.toLocaleString('en-US')} runs, seed ${JSON.stringify(options.seed)}, ${plan.horizon} months, ${formatDuration(Date.now() - started)}${threadsNote(options)}`;
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(discoveryJSON(discovery, { scenario: plan.id, runs: result.runs, seed: options.seed }))}\n`);
  } else {
    io.stdout.write(`${plan.id}: ${how}\n\n${discoveryText(discovery)}`);
  }
  if (report !== undefined) {
    await writeOutputFile(io.stderr, 'report', report, lib.htmlReport(result, { discovery }), options.quiet);
  }
}
