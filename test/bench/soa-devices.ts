/**
 * A measured prototype for issue 14's batched engine: the device market's
 * core month (the nested logit, replacements, first-time buyers, sales
 * shares and the installed base carried forward: what `stepDevices` does
 * after the utilities are known, flows off) for a batch of runs at once, in
 * struct-of-arrays form with the runs innermost (`x[(slot × K + tier) × B + run]`).
 *
 * It copies the state of B flagship worlds after month `--at` into the
 * batch (their last utilities stand for the next month's: both sides read
 * the same), steps the batch and each world (`deviceChoice`, `updateOrigin`,
 * `deviceShares` and the base update, as `stepDevices` calls them), checks
 * that every share, tier share, destination, base and the month's sales are
 * the same bits, then times both over `--reps` repetitions of the month
 * (bases restored before each side), alternating, median of 7. A
 * microbenchmark of one phase: the batch's state stays in cache here, and
 * in a whole engine other phases run between months.
 *
 * Usage: npx tsx test/bench/soa-devices.ts [--batch 64] [--at 12] [--reps 2000]
 */
import { createRandomSource, scenarios } from '../../src/index.js';
import { deviceChoice, deviceShares, updateOrigin } from '../../src/model/world/devices.js';
import type { DeviceMarketState } from '../../src/model/world/state.js';
import { World } from '../../src/model/world/world.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const B = option('--batch', 64), at = option('--at', 12), reps = option('--reps', 2000);

/** The batch: one typed array per quantity, runs innermost. */
class DeviceBatch {
  readonly util: Float64Array; readonly alpha: Float64Array; readonly tierUtil: Float64Array; readonly active: Uint8Array;
  readonly lambda: Float64Array; readonly gamma: Float64Array; readonly loyalty: Float64Array; readonly invCycle: Float64Array;
  readonly base: Float64Array; readonly origin: Float64Array; readonly cond: Float64Array; readonly inclusive: Float64Array;
  readonly tierProb: Float64Array; readonly dest: Float64Array; readonly rate: Float64Array; readonly monthlyGrowth: Float64Array;
  readonly shareTier: Float64Array; readonly share: Float64Array; readonly sales: Float64Array;
  // Per-run scratch.
  readonly max: Float64Array; readonly sum: Float64Array; readonly replacing: Float64Array; readonly f: Float64Array; readonly D: Float64Array;

  constructor(readonly n: number, readonly K: number, readonly B: number) {
    const f = (len: number) => new Float64Array(len * B);
    this.util = f(n); this.alpha = f(n * K); this.tierUtil = f(K); this.active = new Uint8Array(n * B);
    this.lambda = f(1); this.gamma = f(1); this.loyalty = f(n); this.invCycle = f(n);
    this.base = f(n * K); this.origin = f(n * K); this.cond = f(n * K); this.inclusive = f(K);
    this.tierProb = f((K + 1) * K); this.dest = f((K + 1) * n); this.rate = f(1); this.monthlyGrowth = f(1);
    this.shareTier = f(n * K); this.share = f(n); this.sales = f(1);
    this.max = f(1); this.sum = f(1); this.replacing = f(1); this.f = f(1); this.D = f(K);
  }

  /** Copies run b's state from world market m (the month's utilities already computed). */
  load(b: number, m: DeviceMarketState, rate: number): void {
    const { n, K, B } = this;
    for (let j = 0; j < n; j++) {
      this.util[j * B + b] = m.util[j]; this.active[j * B + b] = m.active[j];
      this.loyalty[j * B + b] = m.loyalty[j]; this.invCycle[j * B + b] = m.invCycle[j];
      for (let k = 0; k < K; k++) { this.alpha[(j * K + k) * B + b] = m.alpha[j * K + k]; this.base[(j * K + k) * B + b] = m.base[j * K + k]; }
    }
    for (let k = 0; k < K; k++) this.tierUtil[k * B + b] = m.tierUtil[k];
    this.lambda[b] = m.lambda; this.gamma[b] = m.gamma; this.rate[b] = rate; this.monthlyGrowth[b] = m.monthlyGrowth;
  }

  /** The month, every run in the order of operations of the per-run engine. */
  step(): void {
    const { n, K, B, util, alpha, tierUtil, active, lambda, cond, max, sum, inclusive, tierProb, gamma, dest } = this;
    for (let k = 0; k < K; k++) {
      max.fill(-Infinity);
      for (let j = 0; j < n; j++) {
        const o = (j * K + k) * B;
        for (let b = 0; b < B; b++) {
          const a = alpha[o + b];
          if (!active[j * B + b] || a === -Infinity) { cond[o + b] = -Infinity; continue; }
          const x = (util[j * B + b] + a + tierUtil[k * B + b]) / lambda[b];
          cond[o + b] = x;
          if (x > max[b]) max[b] = x;
        }
      }
      sum.fill(0);
      for (let j = 0; j < n; j++) {
        const o = (j * K + k) * B;
        for (let b = 0; b < B; b++) { const c = cond[o + b]; const e = c === -Infinity ? 0 : Math.exp(c - max[b]); cond[o + b] = e; sum[b] += e; }
      }
      for (let j = 0; j < n; j++) {
        const o = (j * K + k) * B;
        for (let b = 0; b < B; b++) { const s = sum[b]; cond[o + b] *= s > 0 ? 1 / s : 0; }
      }
      for (let b = 0; b < B; b++) { const s = sum[b]; inclusive[k * B + b] = s > 0 ? max[b] + Math.log(s) : -Infinity; }
    }
    for (let s = 0; s <= K; s++) {
      max.fill(-Infinity);
      for (let k = 0; k < K; k++) {
        const o = (s * K + k) * B;
        for (let b = 0; b < B; b++) {
          const inc = inclusive[k * B + b];
          const z = inc === -Infinity ? -Infinity : lambda[b] * inc + (k === s ? gamma[b] : 0);
          tierProb[o + b] = z;
          if (z > max[b]) max[b] = z;
        }
      }
      sum.fill(0);
      for (let k = 0; k < K; k++) {
        const o = (s * K + k) * B;
        for (let b = 0; b < B; b++) { const z = tierProb[o + b]; const e = z === -Infinity ? 0 : Math.exp(z - max[b]); tierProb[o + b] = e; sum[b] += e; }
      }
      for (let k = 0; k < K; k++) { const o = (s * K + k) * B; for (let b = 0; b < B; b++) tierProb[o + b] /= sum[b]; }
      // Where a chooser from tier s ends, by brand (deviceChoice computes it whether or not flows are read).
      for (let j = 0; j < n; j++) {
        const o = (s * n + j) * B;
        for (let b = 0; b < B; b++) {
          let p = 0;
          for (let k = 0; k < K; k++) p += tierProb[(s * K + k) * B + b] * cond[(j * K + k) * B + b];
          dest[o + b] = p;
        }
      }
    }
    this.replace();
  }

  /** Replacements, first-time buyers, shares and the base (updateOrigin, stepDevices, deviceShares). */
  private replace(): void {
    const { n, K, B, base, origin, invCycle, rate, replacing, active, loyalty, tierProb, cond, shareTier, share, D, f, sales, monthlyGrowth } = this;
    replacing.fill(0);
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < K; k++) {
        const o = (j * K + k) * B;
        for (let b = 0; b < B; b++) { const v = base[o + b] * Math.min(1, invCycle[j * B + b] * rate[b]); origin[o + b] = v; replacing[b] += v; }
      }
    }
    for (let i = 0; i < n * K; i++) for (let b = 0; b < B; b++) { const s = replacing[b]; origin[i * B + b] *= s > 0 ? 1 / s : 0; }
    for (let b = 0; b < B; b++) {
      let total = 0;
      for (let i = 0; i < n * K; i++) total += base[i * B + b];
      const newcomers = total * monthlyGrowth[b];
      const s = (sales[b] = Math.max(0, replacing[b] + newcomers));
      f[b] = newcomers > 0 ? newcomers / s : 0;
    }
    for (let k = 0; k < K; k++) {
      for (let b = 0; b < B; b++) D[k * B + b] = f[b] * tierProb[(K * K + k) * B + b];
      for (let s = 0; s < K; s++) {
        for (let b = 0; b < B; b++) {
          let free = 0;
          for (let j = 0; j < n; j++) free += origin[(j * K + s) * B + b] * (active[j * B + b] ? 1 - loyalty[j * B + b] : 1);
          D[k * B + b] += (1 - f[b]) * free * tierProb[(s * K + k) * B + b];
        }
      }
    }
    for (let j = 0; j < n; j++) {
      for (let b = 0; b < B; b++) share[j * B + b] = 0;
      for (let k = 0; k < K; k++) {
        const o = (j * K + k) * B;
        for (let b = 0; b < B; b++) {
          const v = (active[j * B + b] ? (1 - f[b]) * origin[o + b] * loyalty[j * B + b] : 0) + D[k * B + b] * cond[o + b];
          shareTier[o + b] = v;
          share[j * B + b] += v;
        }
      }
    }
    for (let i = 0; i < n * K; i++) for (let b = 0; b < B; b++) base[i * B + b] += sales[b] * shareTier[i * B + b] - replacing[b] * origin[i * B + b];
  }
}

/** The same month on one world's market, as `stepDevices` calls it (flows off). */
function stepOne(m: DeviceMarketState, rate: number): void {
  deviceChoice(m);
  const replacing = updateOrigin(m, rate);
  const n = m.n, K = m.K, base = m.base;
  let total = 0;
  for (let i = 0; i < n * K; i++) total += base[i];
  const newcomers = total * m.monthlyGrowth;
  const sales = (m.unitsNow = Math.max(0, replacing + newcomers));
  deviceShares(m, newcomers > 0 ? newcomers / sales : 0);
  for (let i = 0; i < n * K; i++) base[i] += sales * m.shareTier[i] - replacing * m.origin[i];
}

const plan = (await import('../../src/model/compile.js')).compileScenario(scenarios['apple-alibaba']);
const worlds = Array.from({ length: B }, (_, r) => {
  const w = new World(plan, createRandomSource(42, r), undefined, undefined, { flows: false });
  while (w.t < at) w.step();
  return w;
});
const market = (w: World) => w.markets.find((m) => m.kind === 'devices') as DeviceMarketState;
const rateOf = (w: World) => { const m = market(w); return m.season[w.cal[at + 1]] * (1 + m.demandBoost); };
const m0 = market(worlds[0]);
const batch = new DeviceBatch(m0.n, m0.K, B);
const saved = worlds.map((w) => market(w).base.slice());
worlds.forEach((w, b) => batch.load(b, market(w), rateOf(w)));

// One month each way, then every output compared bit for bit.
batch.step();
worlds.forEach((w) => stepOne(market(w), rateOf(w)));
let identical = true;
worlds.forEach((w, b) => {
  const m = market(w);
  for (let j = 0; j < m.n; j++) {
    if (!Object.is(m.share[j], batch.share[j * B + b])) identical = false;
    for (let s = 0; s <= m.K; s++) if (!Object.is(m.destination[s * m.n + j], batch.dest[(s * m.n + j) * B + b])) identical = false;
    for (let k = 0; k < m.K; k++) {
      const i = j * m.K + k;
      if (!Object.is(m.shareTier[i], batch.shareTier[i * B + b]) || !Object.is(m.base[i], batch.base[i * B + b])) identical = false;
    }
  }
  if (!Object.is(m.unitsNow, batch.sales[b])) identical = false;
});
console.log(`device month at step ${at + 1}, ${B} flagship runs: batch and per-run engine identical: ${identical}`);

// Timing: the month repeated from the same state (bases restored), alternating, median of 7.
const restore = () => worlds.forEach((w, b) => {
  market(w).base.set(saved[b]);
  for (let i = 0; i < saved[b].length; i++) batch.base[i * B + b] = saved[b][i];
});
const perRun: number[] = [], batched: number[] = [];
for (let round = 0; round < 8; round++) {
  restore();
  let t0 = performance.now();
  for (let r = 0; r < reps; r++) for (let b = 0; b < B; b++) stepOne(market(worlds[b]), rateOf(worlds[b]));
  const a = performance.now() - t0;
  restore();
  t0 = performance.now();
  for (let r = 0; r < reps; r++) batch.step();
  const c = performance.now() - t0;
  if (round > 0) { perRun.push(a); batched.push(c); }
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const ns = (ms: number) => ((ms * 1e6) / (reps * B)).toFixed(0);
console.log(`  per-run engine ${ns(median(perRun))} ns per run-month, batch ${ns(median(batched))} ns; ratio ${(median(perRun) / median(batched)).toFixed(2)} (median of 7; each: ${perRun.map((a, i) => (a / batched[i]).toFixed(2)).join(', ')})`);
