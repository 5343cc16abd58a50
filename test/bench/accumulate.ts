/**
 * Micro-benchmark of the accumulation side of a flagship run: `Group.add`
 * (summary, rank counts, event statistics, predicates) over precomputed
 * `apple-alibaba` runs, without the world. Prints µs per run, in all and
 * per accumulator.
 *
 * Usage: npx tsx test/bench/accumulate.ts [--runs 512] [--reps 16]
 */
import { prepareScenario } from '../../src/model/compile.js';
import type { RunResult } from '../../src/model/result.js';
import { createWorld } from '../../src/model/world.js';
import { Group, layoutOf } from '../../src/montecarlo/group.js';
import { Summary } from '../../src/montecarlo/summary.js';
import { scenarios } from '../../src/scenarios/china.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : fallback; };
const N = arg('runs', 512), REPS = arg('reps', 16), ROUNDS = arg('rounds', 7);

const plan = await prepareScenario(scenarios['apple-alibaba']);
const t0 = performance.now();
const results: RunResult[] = [];
for (let r = 0; r < N; r++) results.push(createWorld(plan, { seed: 1, run: r }).run()); // run() copies
const cells = results[0].markets.reduce((n, m) => n + m.metrics.length * m.agents.length * (plan.horizon + 1), 0);
const events = results.reduce((n, r) => n + r.events.length, 0) / N;
console.log(`${N} runs precomputed in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${cells} cells and ${events.toFixed(1)} log entries per run`);

const layout = layoutOf(results[0]);
const predicates = [false];

/**
 * Median over rounds of µs per run of `body` applied to REPS × N runs of a
 * fresh group (whose summary drains in JavaScript when `js`, else with the
 * WebAssembly kernel where there is one).
 */
function time(label: string, body: (g: Group, run: number, r: RunResult) => void, finish?: (g: Group) => void, js = false): number {
  const perRun: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const g = new Group(plan, layout, [plan.horizon], ['p']);
    if (js) g.summary = new Summary(plan.dates, layout, true, false);
    const start = performance.now();
    let run = 0;
    for (let rep = 0; rep < REPS; rep++) for (let i = 0; i < N; i++, run++) body(g, run, results[i]);
    finish?.(g);
    perRun.push(((performance.now() - start) * 1000) / run);
  }
  perRun.sort((a, b) => a - b);
  const median = perRun[perRun.length >> 1];
  console.log(`${label.padEnd(34)} ${median.toFixed(2).padStart(8)} µs/run  (best ${perRun[0].toFixed(2)})`);
  return median;
}

// Each run's series per market and metric, looked up once (Group.add fills such arrays without allocating).
const series = new Map(results.map((r) => [r, r.markets.map((m) => m.metrics.map((k) => m.data[k]))]));
time('Group.add (+ final flush)', (g, run, r) => g.add(run, r, predicates), (g) => g.summary.flush());
time('  Summary.add (+ final flush)', (g, run, r) => g.summary.add(run, series.get(r)!), (g) => g.summary.flush());
time('  Summary.add, JavaScript drains', (g, run, r) => g.summary.add(run, series.get(r)!), (g) => g.summary.flush(), true);
time('  ranks', (g, _run, r) => g.ranks.add(r, plan.horizon + 1));
time('  EventStats.add', (g, _run, r) => g.events.add(r.events));
