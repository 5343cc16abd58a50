/**
 * Shared by the examples: command-line flags (`--runs N`, `--seed S`,
 * `--horizon MONTHS`), a progress line on stderr, and a short readable
 * summary of a simulation from the report model — each market's shares
 * now, the median at the horizon with its P5–P95 range and P(rank 1), then
 * what happened (approvals, go-lives, outages, deals made by policies).
 *
 * Not an example itself (the leading `_` keeps it out of `npm run example`).
 */
import { parseArgs } from 'node:util';
import {
  declaredDeals, isScenarioId, marketShares, outages, pct, policyDeals, scenarios, simulate, textTable,
  type ScenarioSpec, type SimulateOptions, type SimulationResult,
} from '../src/index.js';

// Piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });

/** What every example accepts on its command line. */
export interface ExampleArgs {
  /** Monte Carlo runs. */
  runs: number;
  /** Seed of the study. */
  seed: number | string;
  /** Months simulated (default: the scenario's). */
  horizon?: number;
}

/** Stops with a one-line message and exit code 2 (bad input). */
export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

/**
 * Parses `--runs N`, `--seed S` and `--horizon MONTHS` (other arguments are
 * ignored, so the `npm run example` dispatcher can pass everything through).
 *
 * @example
 * const { runs, seed } = exampleArgs({ runs: 2000 }); // `--runs 50` → runs 50
 */
export function exampleArgs(defaults: { runs: number; seed?: number | string }): ExampleArgs {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { runs: { type: 'string' }, seed: { type: 'string' }, horizon: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const integer = (name: string, raw: unknown, min: number): number | undefined => {
    if (raw === undefined) return undefined;
    const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min) fail(`--${name} expects an integer ≥ ${min}, received ${JSON.stringify(raw)}`);
    return n;
  };
  const runs = integer('runs', values.runs, 1) ?? defaults.runs;
  const horizon = integer('horizon', values.horizon, 1);
  let seed: number | string = defaults.seed ?? 42;
  if (values.seed !== undefined) {
    if (typeof values.seed !== 'string' || values.seed === '') fail('--seed expects a value');
    seed = /^-?\d+(\.\d+)?$/.test(values.seed) ? Number(values.seed) : values.seed;
  }
  return { runs, seed, horizon };
}

/** The scenario with another horizon (a shallow copy; the bundled object is left alone). */
/**
 * The bundled scenario named `id` (read from the command line), or exit with the known ids.
 *
 * @example
 * bundled('apple-alibaba').id; // => 'apple-alibaba'
 */
export function bundled(id: string): ScenarioSpec {
  if (!isScenarioId(id)) fail(`unknown scenario "${id}": expected one of ${Object.keys(scenarios).join(', ')}`);
  return scenarios[id];
}

export function withHorizon(scenario: ScenarioSpec, horizon?: number): ScenarioSpec {
  return horizon === undefined ? scenario : { ...scenario, horizon };
}

/** A progress line on stderr while a long study runs (only when stderr is a terminal). */
export function progress(label: string): SimulateOptions['onProgress'] {
  if (!process.stderr.isTTY) return undefined;
  return ({ done, total, elapsedMs }) => {
    process.stderr.write(`\r${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} runs, ${(elapsedMs / 1000).toFixed(1)} s`);
    if (done === total) process.stderr.write('\r\x1b[K');
  };
}

/** Formats and the text table, as the command line prints them. */
export { pct, pp, textTable as table } from '../src/index.js';

/** The `'YYYY-MM'` nearest a (possibly fractional) mean step. */
function dateNear(result: SimulationResult, step: number): string {
  return Number.isFinite(step) ? result.dates[Math.min(result.horizon, Math.max(0, Math.round(step)))] : '–';
}

/**
 * Prints the summary of a simulation from the report model (the rows the
 * command line and the HTML report render too): per market, each agent's
 * share now, its median at the horizon with P5–P95 and P(rank 1); then
 * what happened, in sentences.
 */
export function printSummary(result: SimulationResult): void {
  const plan = result.plan;
  const H = result.horizon;
  console.log(`\n${plan.id} — ${plan.name}`);
  console.log(`${result.runs.toLocaleString('en-US')} runs, seed ${JSON.stringify(result.seed)}, ${result.dates[0]} → ${result.dates[H]} (${H} months)`);
  for (const { market, centre, rows } of marketShares(result)) {
    const label = market.kind === 'devices' ? 'sales share' : 'usage share (users credited to the brand)';
    console.log(`\n${market.name} — ${label}`);
    console.log(textTable(['', `now (${result.dates[0]})`, `${centre} ${result.dates[H]}`, 'P5 – P95', 'P(#1)'],
      rows.map((r) => [r.name, pct(r.now), pct(r.centre), `${pct(r.p5)} – ${pct(r.p95)}`, pct(r.rank1)])));
  }
  const lines: string[] = [];
  for (const d of declaredDeals(result)) {
    const approved = result.event('approved', d.id);
    const decided = d.approved + d.rejected;
    lines.push(`  ${d.id}: approved in ${pct(d.approved)} of runs${d.approved > 0 ? ` (mean ${dateNear(result, approved.meanFirstStep)})` : ''}` +
      `, rejected ${pct(d.rejected)}${decided < 1 - 1e-12 ? `, undecided by ${result.dates[H]} ${pct(1 - decided)}` : ''}` +
      `; live ${pct(d.live)}${d.live > 0 ? ` (mean ${dateNear(result, d.meanLiveStep)})` : ''}`);
  }
  for (const d of [...policyDeals(result)].sort((x, y) => y.announced - x.announced)) {
    lines.push(`  ${d.label} (deals a policy made): ${d.announced.toFixed(2)} announced and ${d.live.toFixed(2)} live per run on average`);
  }
  for (const o of [...outages(result)].sort((x, y) => y.probability - x.probability)) {
    lines.push(`  outages of ${o.name}: in ${pct(o.probability)} of runs, ${o.meanCount.toFixed(1)} outage months per run on average` +
      (o.probability > 0 ? `, the first around ${dateNear(result, o.meanFirstStep)}` : ''));
  }
  if (lines.length === 0) lines.push('  (no partnerships or outages)');
  console.log(`\nWhat happened (share of runs)\n${lines.join('\n')}`);
}

/**
 * Runs bundled scenario `id` with the command line's `--runs`, `--seed` and
 * `--horizon` (10,000 runs by default), prints its summary and returns the
 * result for scenario-specific extras.
 *
 * @example
 * const result = await runBundled('capacity-crunch');
 * console.log(result.event('outage', undefined, 'alibaba').probability);
 */
export async function runBundled(id: string, options: Partial<SimulateOptions> = {}): Promise<SimulationResult> {
  const scenario = bundled(id);
  const args = exampleArgs({ runs: 10_000 });
  const result = await simulate(withHorizon(scenario, args.horizon), {
    runs: args.runs, seed: args.seed, onProgress: progress(id), ...options,
  });
  printSummary(result);
  return result;
}

/** Steps to show in a path: every `every` months and the horizon. */
export function checkpoints(horizon: number, every = 6): number[] {
  const steps: number[] = [];
  for (let t = 0; t < horizon; t += every) steps.push(t);
  steps.push(horizon);
  return steps;
}

/** Prints the median and P5–P95 of one metric of some agents at some steps. */
export function printPath(result: SimulationResult, market: string, metric: string, agents: string[], steps: number[], format: (x: number) => string = pct): void {
  const i5 = result.quantiles.indexOf(0.05), i50 = result.quantiles.indexOf(0.5), i95 = result.quantiles.indexOf(0.95);
  const plan = result.plan;
  const name = (id: string) => plan.agents[plan.agentIndex.get(id)!]?.name ?? id;
  const rows = steps.map((t) => [result.dates[t], ...agents.map((a) => {
    const s = result.stat(market, metric, a, t);
    return `${format(s.quantiles[i50])} (${format(s.quantiles[i5])}–${format(s.quantiles[i95])})`;
  })]);
  console.log(textTable(['', ...agents.map((a) => `${name(a)}: median (P5–P95)`)], rows));
}
