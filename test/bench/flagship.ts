/**
 * `npm run bench`: the flagship `apple-alibaba` scenario through `simulate`,
 * and in the same process a bare reference loop — a 6-agent, 36-step logit
 * share model with AR(1) normal shocks, typed arrays, no abstraction —
 * scaled to the same number of agent-steps. Prints runs/s, agent-steps/s and
 * the ratio to the reference (the median of `--reps` alternating
 * repetitions, 3 by default). With `--workers N` it then runs the same
 * study on 1 and on N worker threads (`rivalsim/node`) and prints the
 * speed-up, checking that both results are identical. Last, the cost of
 * calibration: the default China fit on one thread and on `--fit-workers`
 * threads (default: the machine's parallelism; see calibration.ts).
 *
 * Then the per-run engine against its reference forms (the mechanisms as
 * they were before their faster forms, `engineSettings.reference`): the same
 * study through `simulate`, alternating `--engine-reps` times (default 7),
 * with all metrics and with share alone; prints the median ratio of their
 * wall and CPU times, checks that the results are identical, and counts the minor
 * garbage collections of each (a measure of what a run allocates).
 *
 * Usage: npm run bench [-- --runs 20000] [--reps 5] [--engine-reps 7] [--workers 2 [--worker-runs 50000]] [--fit-workers N] [--particles 200] [--generations 8]
 */
import seedrandom from 'seedrandom';
import { createRandomSource, createWorld, scenarios, simulate, type SimulateOptions } from '../../src/index.js';
import { engineSettings } from '../../src/model/world/world.js';
import { availableParallelism } from 'node:os';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { simulate as simulateOnThreads } from '../../src/node/index.js';
import { calibrationBench } from './calibration.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const runs = option('--runs', 5000);
const reps = Math.max(1, option('--reps', 3));
const workers = option('--workers', 0);
const workerRuns = option('--worker-runs', 50_000);

/** The reference: `runs` runs of 6 agents × 36 steps; returns a checksum so nothing is optimised away. */
function reference(runs: number): number {
  const n = 6, steps = 36, rho = 0.8, sd = 0.05 * Math.sqrt(1 - 0.8 * 0.8);
  const alpha = Float64Array.of(0.1, 0.2, -0.1, 0.05, 0, -0.2);
  const eps = new Float64Array(n), u = new Float64Array(n), share = new Float64Array(n);
  let checksum = 0;
  for (let r = 0; r < runs; r++) {
    const rng = seedrandom.xor4096(`reference:${r}`);
    eps.fill(0);
    for (let t = 0; t < steps; t++) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        // Marsaglia polar method, as d3-random's normal.
        let x, y, s;
        do { x = rng() * 2 - 1; y = rng() * 2 - 1; s = x * x + y * y; } while (!s || s > 1);
        eps[j] = rho * eps[j] + sd * x * Math.sqrt((-2 * Math.log(s)) / s);
        u[j] = alpha[j] + eps[j];
        if (u[j] > max) max = u[j];
      }
      let sum = 0;
      for (let j = 0; j < n; j++) { share[j] = Math.exp(u[j] - max); sum += share[j]; }
      for (let j = 0; j < n; j++) share[j] /= sum;
    }
    checksum += share[0];
  }
  return checksum;
}

const scenario = scenarios['apple-alibaba'];
const horizon = scenario.horizon ?? 36;
// Warm up both.
await simulate(scenario, { runs: 300, seed: 1 });
reference(1000);

// Model and reference alternate `reps` times (a shared machine's load moves both alike); the median ratio is reported.
const rate = (steps: number, ms: number) => steps / (ms / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples: Array<{ modelMs: number; referenceMs: number; ratio: number }> = [];
let slots = 0, modelAgentSteps = 0, referenceRuns = 0, checksum = 0;
for (let rep = 0; rep < reps; rep++) {
  const t0 = performance.now();
  const result = await simulate(scenario, { runs, seed: 42 });
  const modelMs = performance.now() - t0;
  slots = result.markets.reduce((n, m) => n + m.agents.length, 0);
  modelAgentSteps = runs * slots * horizon;
  referenceRuns = Math.round(modelAgentSteps / (6 * 36));
  const t1 = performance.now();
  checksum = reference(referenceRuns);
  const referenceMs = performance.now() - t1;
  samples.push({ modelMs, referenceMs, ratio: rate(modelAgentSteps, modelMs) / rate(referenceRuns * 6 * 36, referenceMs) });
}
const modelMs = median(samples.map((x) => x.modelMs)), referenceMs = median(samples.map((x) => x.referenceMs));
const modelRate = rate(modelAgentSteps, modelMs);
const referenceRate = rate(referenceRuns * 6 * 36, referenceMs);
const fmt = (x: number) => x.toExponential(3);
console.log(`flagship apple-alibaba: ${runs} runs × ${slots} agent slots × ${horizon} steps in ${(modelMs / 1000).toFixed(2)} s (median of ${reps})`);
console.log(`  model:     ${(runs / (modelMs / 1000)).toFixed(0)} runs/s, ${fmt(modelRate)} agent-steps/s`);
console.log(`  reference: ${(referenceRuns / (referenceMs / 1000)).toFixed(0)} runs/s, ${fmt(referenceRate)} agent-steps/s (checksum ${checksum.toFixed(3)})`);
console.log(`  ratio model / reference (agent-steps/s): ${median(samples.map((x) => x.ratio)).toFixed(3)} (median; each repetition: ${samples.map((x) => x.ratio.toFixed(3)).join(', ')})`);
// Where a run's time goes: the same runs' worlds alone (reset + run to the horizon, no summaries).
const world = createWorld(scenario, { seed: 42 });
for (let r = 0; r < 300; r++) { world.reset(createRandomSource(42, r)); world.runView(); }
const t4 = performance.now();
for (let r = 0; r < runs; r++) { world.reset(createRandomSource(42, r)); world.runView(); }
const worldUs = ((performance.now() - t4) / runs) * 1000, runUs = (modelMs / runs) * 1000;
console.log(`  per run: ${runUs.toFixed(0)} µs, of which the world (reset and 36 steps, measured alone) ${worldUs.toFixed(0)} µs, summaries and the rest of simulate ${Math.max(0, runUs - worldUs).toFixed(0)} µs`);
const mem = process.memoryUsage();
console.log(`  memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`);

// The per-run engine (its faster forms) against its reference forms, alternating; whole simulate, bit-identical results.
let minorGCs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minorGCs++;
});
gcObserver.observe({ entryTypes: ['gc'] });
const engineReps = Math.max(1, option('--engine-reps', 7));
for (const [label, extra] of [['all metrics', {}], ['share alone', { metrics: ['share'] }]] as Array<[string, Partial<SimulateOptions>]>) {
  const timed = async (reference: boolean) => {
    engineSettings.reference = reference;
    try {
      const gc0 = minorGCs, t0 = performance.now(), c0 = process.cpuUsage();
      const result = await simulate(scenario, { runs, seed: 42, ...extra });
      const ms = performance.now() - t0, c = process.cpuUsage(c0), cpuMs = (c.user + c.system) / 1000;
      // GC entries arrive asynchronously: let them in before counting.
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { ms, cpuMs, gcs: minorGCs - gc0, csv: result.toCSV() };
    } finally {
      engineSettings.reference = false;
    }
  };
  await timed(true);
  await timed(false);
  const ratios: number[] = [], cpuRatios: number[] = [], refMs: number[] = [], newMs: number[] = [], refGC: number[] = [], newGC: number[] = [];
  let identical = true;
  for (let rep = 0; rep < engineReps; rep++) {
    const a = await timed(true), b = await timed(false);
    identical &&= a.csv === b.csv;
    ratios.push(a.ms / b.ms); cpuRatios.push(a.cpuMs / b.cpuMs); refMs.push(a.ms); newMs.push(b.ms); refGC.push(a.gcs); newGC.push(b.gcs);
  }
  const us = (ms: number) => ((ms / runs) * 1000).toFixed(0);
  console.log(`engine (${label}, ${runs} runs, ${engineReps} alternating repetitions): reference ${us(median(refMs))} µs/run, now ${us(median(newMs))} µs/run`);
  console.log(`  ratio reference / now: ${median(ratios).toFixed(3)} (median; each repetition: ${ratios.map((x) => x.toFixed(3)).join(', ')}); results identical: ${identical}`);
  // CPU time (this process, all its threads) is less disturbed than wall time by other work on the machine.
  console.log(`  ratio of CPU time reference / now: ${median(cpuRatios).toFixed(3)} (median; each repetition: ${cpuRatios.map((x) => x.toFixed(3)).join(', ')})`);
  console.log(`  minor GCs per 1,000 runs: reference ${((median(refGC) / runs) * 1000).toFixed(1)}, now ${((median(newGC) / runs) * 1000).toFixed(1)}`);
}
gcObserver.disconnect();

if (workers > 1) {
  // One thread in process vs `workers` threads, same study; the results must be identical.
  const t2 = performance.now();
  const one = await simulate(scenario, { runs: workerRuns, seed: 42 });
  const oneMs = performance.now() - t2;
  const t3 = performance.now();
  const many = await simulateOnThreads(scenario, { runs: workerRuns, seed: 42, workers });
  const manyMs = performance.now() - t3;
  const same = JSON.stringify(one.rows()) === JSON.stringify(many.rows());
  console.log(`workers: ${workerRuns} runs on 1 thread ${(oneMs / 1000).toFixed(2)} s, on ${workers} worker threads ${(manyMs / 1000).toFixed(2)} s`);
  console.log(`  speed-up ${workers} workers / 1: ${(oneMs / manyMs).toFixed(2)}× (results identical: ${same})`);
}

await calibrationBench({ particles: option('--particles', 200), generations: option('--generations', 8), workers: option('--fit-workers', availableParallelism()) });
