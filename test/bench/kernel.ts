/**
 * The batch kernel's speed (src/montecarlo/batch): its exp and log against
 * V8's Math.exp and Math.log, and its device-market nested logit over a
 * batch of runs against `deviceChoice` run by run, on the same inputs.
 *
 * 1. exp over N = 256 × 6 doubles in [-50, 0] (a batch of 256 runs × 6
 *    brands: the model's utility differences over λ), and log over N sums
 *    in [1, 20]: a JavaScript loop over Float64Arrays calling Math.exp /
 *    Math.log; the same loop calling the kernel's scalar exp / log for each
 *    value; the kernel one value at a time (expScalar) and two lanes at
 *    a time (expSimd) on data already in its memory; and the same with the
 *    data copied in from a Float64Array and the results out to another
 *    (the cost when the state does not live in the kernel's memory).
 * 2. The flagship's device market (7 brands, 2 tiers) of `--batch` runs
 *    (default 256) at months 1, 7, …, 31 of seed 14: `deviceChoice` on
 *    each run's state, against DeviceChoiceBatch's kernel on the batch
 *    (state in the kernel's memory), the same in plain JavaScript on the
 *    batch's layout (runs innermost, Math.exp), and the kernel with each
 *    run's inputs loaded and outputs stored.
 *
 * 3. Where a flagship run calls Math.exp and Math.log (100 runs through
 *    `simulate`, every 20th call's caller counted; Math's functions are
 *    wrapped only while they run), and what a run costs through `simulate`
 *    (1,000 runs, unwrapped): the share of a run those calls can be.
 *
 * Each form runs `--reps` times (default 15), the forms alternating within
 * each repetition (a shared machine's load moves them alike); a sample is
 * the time of enough calls to fill ~20 ms. Prints per-value or per-run
 * times, the medians, the ratios of medians (JavaScript / form: above 1 is
 * faster than JavaScript) and the load average before and after. Checks
 * that every form gives the JavaScript's bits.
 *
 * Usage: npx tsx test/bench/kernel.ts [--reps 15] [--batch 256]
 */
import { loadavg } from 'node:os';
import { createWorld, scenarios, simulate } from '../../src/index.js';
import { deviceChoice } from '../../src/model/world/devices.js';
import type { DeviceMarketState } from '../../src/model/world/state.js';
import { DeviceChoiceBatch } from '../../src/montecarlo/batch/device-choice.js';
import { createBatchKernel } from '../../src/montecarlo/batch/kernel.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : fallback; };
const reps = Math.max(1, option('--reps', 15));
const B = Math.max(2, option('--batch', 256));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** A deterministic generator (LCG) in [0, 1). */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

/** Milliseconds per call of `f`, over as many calls as fill ~20 ms (counted once, then fixed). */
function timer(f: () => void): () => number {
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) f();
    if (performance.now() - t0 > 20) break;
    calls *= 2;
  }
  return () => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) f();
    return (performance.now() - t0) / calls;
  };
}

/** Median ns per value of each form of the last race. */
const lastMedians: Record<string, number> = {};

/** Runs the named forms alternately `reps` times; prints each one's median per `unit` and the ratio of the first's median to it. */
function race(title: string, forms: Record<string, () => void>, per: number, unit: string): void {
  const names = Object.keys(forms), timers = names.map((n) => timer(forms[n])), samples = names.map(() => [] as number[]);
  for (let r = 0; r < reps; r++) timers.forEach((t, i) => samples[i].push(t()));
  const medians = samples.map(median);
  console.log(`${title}`);
  names.forEach((n, i) => {
    const each = (medians[i] * 1e6) / per;
    lastMedians[n] = each;
    console.log(`  ${n.padEnd(48)} ${each.toFixed(2).padStart(8)} ns/${unit}   ratio ${(medians[0] / medians[i]).toFixed(2)}×`);
  });
}

/** Fails loudly where two arrays' bits differ. */
function same(what: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}: differs at ${i}: ${a[i]} vs ${b[i]}`);
}

console.log(`load average before: ${load()} (1, 5, 15 min; 2 cores); ${reps} repetitions`);

// 1. exp and log over N values.
const N = 256 * 6;
const kernel = createBatchKernel(4 * N * 8 + DeviceChoiceBatch.bytes(7, 2, B))!;
const mem = new Float64Array(kernel.memory.buffer);
const SRC = 0, DST = N * 8; // byte addresses in the kernel's memory
const perCall: Record<string, number> = {};
const kernelExp = kernel.exp, kernelLog = kernel.log;
for (const [name, f, lo, hi, scalar, simd] of [
  ['exp', Math.exp, -50, 0, kernel.expScalar, kernel.expSimd],
  ['log', Math.log, 1, 20, kernel.logScalar, kernel.logSimd],
] as const) {
  const random = generator(14), src = new Float64Array(N), dst = new Float64Array(N), want = new Float64Array(N);
  for (let i = 0; i < N; i++) src[i] = lo + (hi - lo) * random();
  for (let i = 0; i < N; i++) want[i] = f(src[i]);
  mem.set(src, 0);
  const inOut = (g: (s: number, d: number, c: number) => void) => () => {
    mem.set(src, 0);
    g(SRC, DST, N);
    dst.set(mem.subarray(N, 2 * N));
  };
  const forms: Record<string, () => void> = {
    // Math.exp and Math.log each called by name from a loop of its own: one loop calling both through a
    // variable sees two functions at its call site, which V8 then calls generically (Math.log 2–3× slower).
    [`JavaScript loop, Math.${name}`]: name === 'exp'
      ? () => { for (let i = 0; i < N; i++) dst[i] = Math.exp(src[i]); }
      : () => { for (let i = 0; i < N; i++) dst[i] = Math.log(src[i]); },
    // What a per-run engine would pay to own its exp and log (the same bits on every engine): the kernel's scalar
    // function called from JavaScript for each value (each kind from its own loop, as Math's above).
    [`kernel's ${name} called from JavaScript per value`]: name === 'exp'
      ? () => { for (let i = 0; i < N; i++) dst[i] = kernelExp(src[i]); }
      : () => { for (let i = 0; i < N; i++) dst[i] = kernelLog(src[i]); },
    'kernel, scalar (data in its memory)': () => scalar(SRC, DST, N),
    'kernel, f64x2 (data in its memory)': () => simd(SRC, DST, N),
    'kernel, scalar, copied in and out': inOut(scalar),
    'kernel, f64x2, copied in and out': inOut(simd),
  };
  for (const [form, run] of Object.entries(forms)) {
    dst.fill(0); mem.fill(0, N, 2 * N);
    run();
    same(`${name}: ${form}`, form.startsWith('JavaScript') || form.includes('copied') || form.includes('per value') ? dst : mem.subarray(N, 2 * N), want);
  }
  race(`${name} over ${N} values in [${lo}, ${hi}]`, forms, N, 'value');
  perCall[name] = lastMedians[`JavaScript loop, Math.${name}`];
}

// 2. The device market's nested logit over a batch of B runs.
const worlds = Array.from({ length: B }, (_, r) => createWorld(scenarios['apple-alibaba'], { seed: 14, run: r }));
const months: DeviceMarketState[][] = [];
for (let t = 1; t <= 31; t++) {
  for (const w of worlds) w.step();
  if (t % 6 === 1) months.push(worlds.map((w) => copyMarket(w.markets.find((m): m is DeviceMarketState => m.kind === 'devices')!)));
}
const { n, K } = months[0][0];
const batches = months.map((markets) => {
  const batch = new DeviceChoiceBatch(kernel, n, K, B, 4 * N * 8);
  return { markets, batch };
});
/** Loads a month's batch into the (shared) kernel memory. */
const loadAll = (markets: DeviceMarketState[], batch: DeviceChoiceBatch) => { for (let r = 0; r < B; r++) batch.load(r, markets[r]); };
// Check: every month's batch gives deviceChoice's bits.
for (const { markets, batch } of batches) {
  loadAll(markets, batch);
  batch.run();
  for (let r = 0; r < B; r++) {
    const m = markets[r], got = copyMarket(m);
    deviceChoice(m);
    batch.store(r, got);
    for (const key of ['condProb', 'inclusive', 'tierProb', 'destination'] as const) same(`deviceChoice ${key} run ${r}`, got[key], m[key]);
  }
}
const one = batches[0];
loadAll(one.markets, one.batch);
{ // Check: the JavaScript form on the batch layout gives the kernel's bits.
  one.batch.run();
  const kernelOut = one.batch.f64.slice(one.batch.cond, one.batch.dest + (K + 1) * n * one.batch.width);
  one.batch.f64.fill(0, one.batch.cond, one.batch.dest + (K + 1) * n * one.batch.width);
  choiceInJavaScript(one.batch);
  same('deviceChoice on the batch layout in JavaScript', one.batch.f64.slice(one.batch.cond, one.batch.dest + (K + 1) * n * one.batch.width), kernelOut);
}
race(`deviceChoice, flagship (${n} brands, ${K} tiers), ${B} runs, months 1, 7, …, 31 (${months.length} batches)`, {
  'deviceChoice run by run (JavaScript)': () => { for (const { markets } of batches) for (let r = 0; r < B; r++) deviceChoice(markets[r]); },
  // The state lives in the kernel's memory: one month's batch, run as many times as there are months.
  'kernel on the batch (state in its memory)': () => { for (let i = 0; i < batches.length; i++) one.batch.run(); },
  'JavaScript on the same batch layout (Math.exp)': () => { for (let i = 0; i < batches.length; i++) choiceInJavaScript(one.batch); },
  'kernel, runs loaded and stored': () => {
    for (const { markets, batch } of batches) { loadAll(markets, batch); batch.run(); for (let r = 0; r < B; r++) batch.store(r, markets[r]); }
  },
}, batches.length * B, 'run');

// 3. Math.exp and Math.log in a whole flagship run.
const callers = new Map<string, number>(), calls = { exp: 0, log: 0 }, real = { exp: Math.exp, log: Math.log };
const counted = (name: 'exp' | 'log') => (x: number) => {
  if (calls[name]++ % 20 === 0) {
    const frame = (new Error().stack ?? '').split('\n')[2]?.trim().replace(/\(.*\/(src|node_modules)\//, '($1/').replace(/:\d+\)$/, ')') ?? '?';
    callers.set(`${name} ${frame}`, (callers.get(`${name} ${frame}`) ?? 0) + 20);
  }
  return real[name](x);
};
const censusRuns = 100;
Math.exp = counted('exp'); Math.log = counted('log');
try { await simulate(scenarios['apple-alibaba'], { runs: censusRuns, seed: 14 }); } finally { Math.exp = real.exp; Math.log = real.log; }
await simulate(scenarios['apple-alibaba'], { runs: 200, seed: 15 }); // warm
const t0 = performance.now();
await simulate(scenarios['apple-alibaba'], { runs: 1000, seed: 14 });
const runUs = (performance.now() - t0); // ms for 1,000 runs = µs per run
const mathUs = (calls.exp * perCall.exp + calls.log * perCall.log) / censusRuns / 1000;
console.log(`Math.exp and Math.log in a flagship run: ${(calls.exp / censusRuns).toFixed(0)} exp, ${(calls.log / censusRuns).toFixed(0)} log per run;`
  + ` at the loop's ns per call above ≈ ${mathUs.toFixed(1)} µs of a ${runUs.toFixed(0)} µs run (${(100 * mathUs / runUs).toFixed(1)} %). By caller (per run):`);
for (const [caller, count] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${(count / censusRuns).toFixed(0).padStart(6)}  ${caller}`);
console.log(`load average after: ${load()}`);

/**
 * deviceChoice over a batch's rows in plain JavaScript, the runs innermost
 * (as the kernel, without WebAssembly): the runs of each row in one loop.
 */
function choiceInJavaScript(b: DeviceChoiceBatch): void {
  const f = b.f64, w = b.width, n = b.n, K = b.K, max = new Float64Array(w), sum = new Float64Array(w);
  for (let k = 0; k < K; k++) {
    max.fill(-Infinity);
    const tu = b.tierUtil + k * w;
    for (let j = 0; j < n; j++) {
      const a = b.alpha + (j * K + k) * w, u = b.util + j * w, act = b.active + j * w, c = b.cond + (j * K + k) * w;
      for (let r = 0; r < w; r++) {
        const x = f[act + r] === 0 || f[a + r] === -Infinity ? -Infinity : (f[u + r] + f[a + r] + f[tu + r]) / f[b.lambda + r];
        f[c + r] = x;
        if (x > max[r]) max[r] = x;
      }
    }
    expAndSum(f, w, Array.from({ length: n }, (_, j) => b.cond + (j * K + k) * w), max, sum);
    for (let j = 0; j < n; j++) {
      const c = b.cond + (j * K + k) * w;
      for (let r = 0; r < w; r++) f[c + r] *= sum[r] > 0 ? 1 / sum[r] : 0;
    }
    for (let r = 0; r < w; r++) f[b.inclusive + k * w + r] = sum[r] > 0 ? max[r] + Math.log(sum[r]) : -Infinity;
  }
  for (let s = 0; s <= K; s++) {
    max.fill(-Infinity);
    for (let k = 0; k < K; k++) {
      const inc = b.inclusive + k * w, tp = b.tierProb + (s * K + k) * w;
      for (let r = 0; r < w; r++) {
        const z = f[inc + r] === -Infinity ? -Infinity : f[b.lambda + r] * f[inc + r] + (k === s ? f[b.gamma + r] : 0);
        f[tp + r] = z;
        if (z > max[r]) max[r] = z;
      }
    }
    expAndSum(f, w, Array.from({ length: K }, (_, k) => b.tierProb + (s * K + k) * w), max, sum);
    for (let k = 0; k < K; k++) { const tp = b.tierProb + (s * K + k) * w; for (let r = 0; r < w; r++) f[tp + r] /= sum[r]; }
    for (let j = 0; j < n; j++) {
      const d = b.dest + (s * n + j) * w;
      for (let r = 0; r < w; r++) f[d + r] = 0;
      for (let k = 0; k < K; k++) {
        const tp = b.tierProb + (s * K + k) * w, c = b.cond + (j * K + k) * w;
        for (let r = 0; r < w; r++) f[d + r] += f[tp + r] * f[c + r];
      }
    }
  }
}

/** A logit's exponentials over rows of w runs (starting at `rows`, in order): x → exp(x − max) (−Infinity → 0), summed into `sum`. */
function expAndSum(f: Float64Array, w: number, rows: number[], max: Float64Array, sum: Float64Array): void {
  sum.fill(0);
  for (const row of rows) {
    for (let r = 0; r < w; r++) { const e = f[row + r] === -Infinity ? 0 : Math.exp(f[row + r] - max[r]); f[row + r] = e; sum[r] += e; }
  }
}

/** A copy of a device market's nested-logit inputs, with its own outputs. */
function copyMarket(m: DeviceMarketState): DeviceMarketState {
  return {
    ...m, util: m.util.slice(), alpha: m.alpha.slice(), tierUtil: m.tierUtil.slice(), active: m.active.slice(),
    condProb: m.condProb.slice(), inclusive: m.inclusive.slice(), tierProb: m.tierProb.slice(), destination: m.destination.slice(),
  };
}
