/**
 * The accumulators' buffered, cell-major implementation against a reference
 * model written the straightforward way (every run added to every cell as it
 * comes, bin-major histograms): bit for bit, whatever the run order, the
 * block boundaries, the splits into summaries merged later, the kinds of
 * histogram and the special values.
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_RUNS, ExactSums } from '../../src/montecarlo/exact.js';
import { EventStats, eventKey } from '../../src/montecarlo/events.js';
import { UNIT_BINS, binOf, binsOf, histogramQuantile, transposeCounts, type HistogramKind } from '../../src/montecarlo/histogram.js';
import { histogramKindOf, type MarketLayout } from '../../src/montecarlo/layout.js';
import { SUMMARY_BIN_RUNS, SUMMARY_BUFFER_RUNS, Summary } from '../../src/montecarlo/summary.js';

/** JSON.stringify replacer: typed arrays by their bits (so −0 and every last bit count). */
const bitsOf = (_: string, x: unknown) => (ArrayBuffer.isView(x) ? `${x.constructor.name}:${Array.from(new Uint32Array((x as Float64Array).buffer.slice((x as Float64Array).byteOffset, (x as Float64Array).byteOffset + (x as Float64Array).byteLength))).join(',')}` : x);
import type { EventLogEntry } from '../../src/model/result.js';

/** A small deterministic generator (LCG), so the cases are the same on every run. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

const SPECIALS = [0, -0, 1, 0.5, 2 ** -16, 2 ** -16 - 2 ** -60, 2 ** -17, 2 ** 24, 2 ** 24 - 1, 1e-300, 5e-324, -1, -(2 ** -16), -(2 ** 24),
  1 - 2 ** -53, 1 + 2 ** -52, 2047 / 2048, 1 / 2048, 2, 4, 0.25, 1e6, -1e6, 3.999999, 2 ** 21, -0.0001];

/** A value of a metric of histogram kind `kind`: mostly typical, sometimes on an edge. */
function sample(random: () => number, kind: string): number {
  const r = random();
  if (r < 0.15) return SPECIALS[Math.floor(random() * SPECIALS.length)];
  if (kind === 'unit') return r < 0.9 ? random() : random() * 1.5 - 0.25;
  if (kind === 'positive') return Math.exp(random() * 30 - 12);
  return (random() < 0.5 ? -1 : 1) * Math.exp(random() * 30 - 12);
}

/**
 * The bin a summary counts `v` in: `binOf`, except that unit values are
 * truncated with `| 0` (as summaries always did), which wraps for values of
 * 2^20 and more (never shares).
 */
function bin(kind: HistogramKind, v: number): number {
  if (kind !== 'unit') return binOf(kind, v);
  const b = (v * UNIT_BINS) | 0;
  return b >= UNIT_BINS ? UNIT_BINS - 1 : b < 0 ? 0 : b;
}

/** The reference: what a summary holds, computed run by run (partial sums per block of runs, in the order added). */
class Reference {
  n = 0;
  private block = -1;
  readonly cells: Array<{ sum: ExactSums; sq: ExactSums; ps: Float64Array; pq: Float64Array; min: Float64Array; max: Float64Array; pos: Float64Array; neg: Float64Array; hist: Uint32Array[] }>;
  constructor(readonly T1: number, readonly markets: MarketLayout[]) {
    this.cells = markets.map((m) => {
      const nT = m.agents.length * T1, n = m.metrics.length * nT;
      return {
        sum: new ExactSums(n), sq: new ExactSums(n), ps: new Float64Array(n), pq: new Float64Array(n),
        min: new Float64Array(n).fill(Infinity), max: new Float64Array(n).fill(-Infinity), pos: new Float64Array(n), neg: new Float64Array(n),
        hist: m.metrics.map((k) => new Uint32Array(nT * binsOf(histogramKindOf(k)))), // bin-major: [b * nT + c]
      };
    });
  }
  flush(): void {
    for (const a of this.cells) for (let k = 0; k < a.ps.length; k++) {
      if (a.ps[k] !== 0) { a.sum.add(k, a.ps[k]); a.ps[k] = 0; }
      if (a.pq[k] !== 0) { a.sq.add(k, a.pq[k]); a.pq[k] = 0; }
    }
  }
  add(run: number, values: Float64Array[][]): void {
    const block = Math.floor(run / BLOCK_RUNS);
    if (block !== this.block) { this.flush(); this.block = block; }
    this.n++;
    this.markets.forEach((m, i) => {
      const a = this.cells[i], nT = m.agents.length * this.T1;
      m.metrics.forEach((metric, j) => {
        for (let c = 0; c < nT; c++) {
          const v = values[i][j][c] + 0, k = j * nT + c;
          a.ps[k] += v; a.pq[k] += v * v;
          if (v < a.min[k]) a.min[k] = v;
          if (v > a.max[k]) a.max[k] = v;
          if (v > 0) a.pos[k]++; else if (v < 0) a.neg[k]++;
          a.hist[j][bin(histogramKindOf(metric), v) * nT + c]++;
        }
      });
    });
  }
}

/** A random layout: one or two markets, built-in and custom metrics (all three kinds of histogram). */
function layout(random: () => number): { dates: string[]; markets: MarketLayout[] } {
  const T1 = 1 + Math.floor(random() * 5);
  const pool = ['users', 'load', 'outages', 'lead', 'sales', 'gap'];
  return {
    dates: Array.from({ length: T1 }, (_, t) => `2025-${String(t + 1).padStart(2, '0')}`),
    markets: Array.from({ length: 1 + Math.floor(random() * 2) }, (_, i) => ({
      id: `m${i}`, name: `M${i}`, kind: 'devices' as const,
      agents: Array.from({ length: 1 + Math.floor(random() * 4) }, (_, j) => `a${j}`),
      metrics: ['share', ...pool.filter(() => random() < 0.5)],
    })),
  };
}

function values(random: () => number, markets: MarketLayout[], T1: number): Float64Array[][] {
  return markets.map((m) => m.metrics.map((k) => Float64Array.from({ length: m.agents.length * T1 }, () => sample(random, histogramKindOf(k)))));
}

/** Checks a summary against the reference, bit for bit (states, and the statistics read back). */
function expectSame(summary: Summary, ref: Reference, label: string): void {
  ref.flush();
  const state = summary.toState();
  expect(state.n, label).toBe(ref.n);
  const bits = (x: ArrayLike<number>) => Array.from(new Uint32Array(Float64Array.from(x).buffer));
  state.acc.forEach((a, i) => {
    const r = ref.cells[i], nT = ref.markets[i].agents.length * ref.T1;
    expect(bits(a.sum), `${label}: sum`).toEqual(bits(r.sum.limbs));
    expect(bits(a.sq), `${label}: sq`).toEqual(bits(r.sq.limbs));
    expect(bits(a.min), `${label}: min`).toEqual(bits(r.min.map((x) => x + 0)));
    expect(bits(a.max), `${label}: max`).toEqual(bits(r.max.map((x) => x + 0)));
    expect(Array.from(a.positive), `${label}: positive`).toEqual(Array.from(r.pos));
    expect(Array.from(a.negative), `${label}: negative`).toEqual(Array.from(r.neg));
    a.hist!.forEach((h, m) => {
      const bins = binsOf(histogramKindOf(ref.markets[i].metrics[m]));
      expect(transposeCounts(h, nT, bins), `${label}: hist ${m}`).toEqual(r.hist[m]);
      // Quantiles read from the cell-major histogram equal those of the bin-major one.
      for (let c = 0; c < nT; c++) {
        const k = m * nT + c, kind = histogramKindOf(ref.markets[i].metrics[m]);
        const qs = summary.cell(i, m, c, [0.01, 0.3, 0.5, 0.99]).quantiles;
        const expected = [0.01, 0.3, 0.5, 0.99].map((q) => histogramQuantile(kind, r.hist[m], c, ref.n, q, r.min[k] + 0, r.max[k] + 0, nT));
        expect(qs, `${label}: quantiles of cell ${k}`).toEqual(expected);
      }
    });
  });
}

describe('Summary (buffered, cell-major histograms)', () => {
  it(`equals adding each run as it comes: runs across blocks of ${BLOCK_RUNS}, buffers of ${SUMMARY_BUFFER_RUNS} and ${SUMMARY_BIN_RUNS}, gaps, jumps back, reads in between`, () => {
    const random = generator(1);
    let furthest = 0;
    for (let trial = 0; trial < 8; trial++) {
      const { dates, markets } = layout(random);
      const summary = new Summary(dates, markets), ref = new Reference(dates.length, markets);
      let run = Math.floor(random() * 3) * 200;
      const runs = 200 + Math.floor(random() * 500);
      for (let r = 0; r < runs; r++) {
        const jump = random();
        run = Math.max(0, run + (jump < 0.7 ? 1 : jump < 0.97 ? 1 + Math.floor(random() * 40) : -Math.floor(random() * 300)));
        const v = values(random, markets, dates.length);
        summary.add(run, v); ref.add(run, v);
        furthest = Math.max(furthest, run);
        // A read part way (a state, a cell) changes nothing: the reference never sees it.
        if (random() < 0.004) { if (random() < 0.5) summary.toState(); else summary.cell(0, 0, 0, [0.5]); }
      }
      expectSame(summary, ref, `trial ${trial}`);
    }
    expect(furthest).toBeGreaterThan(2 * BLOCK_RUNS); // the runs did cross blocks
  });

  it('reads part way (states, cells, merges of empty states) change no bit of the final state, with the kernel and in JavaScript', () => {
    const random = generator(5);
    for (const kernel of [true, false]) {
      const { dates, markets } = layout(random);
      const read = new Summary(dates, markets, true, kernel), quiet = new Summary(dates, markets, true, kernel), empty = new Summary(dates, markets, true, kernel).toState();
      const all: Float64Array[][][] = [];
      for (let r = 0; r < 2 * BLOCK_RUNS + 50; r++) {
        const v = values(random, markets, dates.length);
        all.push(v);
        read.add(r, v); quiet.add(r, v);
        if (r % 37 === 5) {
          const state = read.toState();
          expect(Number.isFinite(read.cell(0, 0, 0, []).mean)).toBe(true);
          read.mergeState(empty);
          // The state taken part way is that of a summary of the same runs read only then.
          const fresh = new Summary(dates, markets, true, kernel);
          all.forEach((x, k) => fresh.add(k, x));
          expect(JSON.stringify(state, bitsOf)).toBe(JSON.stringify(fresh.toState(), bitsOf));
        }
      }
      // Read a dozen times on the way, the summary ends as the one never read.
      expect(JSON.stringify(read.toState(), bitsOf)).toBe(JSON.stringify(quiet.toState(), bitsOf));
    }
  });

  it('runs fed to two summaries split at a block boundary, merged (either way), equal one summary of them all', () => {
    const random = generator(2);
    const { dates, markets } = layout(random);
    const whole = new Summary(dates, markets), first = new Summary(dates, markets), second = new Summary(dates, markets);
    const runs = 3 * BLOCK_RUNS + 77, split = 2 * BLOCK_RUNS;
    for (let r = 0; r < runs; r++) {
      const v = values(random, markets, dates.length);
      whole.add(r, v);
      (r < split ? first : second).add(r, v);
    }
    const a = Summary.fromState(first.toState());
    a.merge(second);
    const b = Summary.fromState(second.toState());
    b.mergeState(first.toState());
    const plain = (s: Summary) => JSON.stringify(s.toState(), (_, x) => (ArrayBuffer.isView(x) ? Array.from(new Uint32Array((x as Float64Array).buffer)) : x));
    expect(plain(a)).toBe(plain(whole));
    expect(plain(b)).toBe(plain(whole));
    expect(a.cell(0, 0, 0, [0.5])).toEqual(whole.cell(0, 0, 0, [0.5]));
  });

  it('a handed-over state (from a worker) is adopted, not copied, and merges to the same result', () => {
    const random = generator(4);
    const { dates, markets } = layout(random);
    const whole = new Summary(dates, markets), first = new Summary(dates, markets), second = new Summary(dates, markets);
    for (let r = 0; r < 2 * BLOCK_RUNS + 30; r++) {
      const v = values(random, markets, dates.length);
      whole.add(r, v);
      (r < BLOCK_RUNS ? first : second).add(r, v);
    }
    const state = first.toState();
    const adopted = Summary.fromState(state, true);
    expect(adopted.toState().acc[0].hist![0]).toBe(state.acc[0].hist![0]); // the same array
    expect(Summary.fromState(first.toState()).toState().acc[0].hist![0]).not.toBe(first.toState().acc[0].hist![0]);
    adopted.mergeState(second.toState());
    const plain = (s: Summary) => JSON.stringify(s.toState(), (_, x) => (ArrayBuffer.isView(x) ? Array.from(new Uint32Array((x as Float64Array).buffer)) : x));
    expect(plain(adopted)).toBe(plain(whole));
  });

  it('without histograms (differences) too', () => {
    const random = generator(3);
    const { dates, markets } = layout(random);
    const summary = new Summary(dates, markets, false), ref = new Reference(dates.length, markets);
    for (let r = 0; r < 700; r++) { const v = values(random, markets, dates.length); summary.add(r, v); ref.add(r, v); }
    ref.flush();
    const state = summary.toState();
    expect(state.acc[0].hist).toBeUndefined();
    expect(Array.from(state.acc[0].sum)).toEqual(Array.from(ref.cells[0].sum.limbs));
    expect(Array.from(state.acc[0].max)).toEqual(Array.from(ref.cells[0].max.map((x) => x + 0)));
  });

  it('copies what it is given (arrays may be reused), and a non-finite value throws naming market and metric, changing nothing', () => {
    const markets: MarketLayout[] = [{ id: 'phones', name: 'Phones', kind: 'devices', agents: ['a', 'b'], metrics: ['share', 'sales'] }];
    const dates = ['2025-01', '2025-02'];
    const summary = new Summary(dates, markets);
    const share = Float64Array.of(0.1, 0.2, 0.3, 0.4), sales = Float64Array.of(1, 2, 3, 4);
    summary.add(0, [[share, sales]]);
    share.fill(0.9); // reused for the next run
    summary.add(1, [[share, sales]]);
    const before = JSON.stringify(summary.toState(), (_, x) => (ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : x));
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(() => summary.add(2, [[share, Float64Array.of(1, 2, bad, 4)]])).toThrow(RangeError);
      expect(() => summary.add(2, [[share, Float64Array.of(1, 2, bad, 4)]])).toThrow(`Non-finite value ${bad} in phones.sales`);
    }
    expect(JSON.stringify(summary.toState(), (_, x) => (ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : x))).toBe(before);
    expect(summary.n).toBe(2);
    expect(summary.stat('phones', 'share', 'a', 0, [0.5]).mean).toBe((0.1 + 0.9) / 2);
  });
});

describe('transposeCounts', () => {
  it('turns row-major counts column-major and back', () => {
    expect(transposeCounts(Uint32Array.of(1, 2, 3, 4, 5, 6), 2, 3)).toEqual(Uint32Array.of(1, 4, 2, 5, 3, 6));
    const random = generator(4);
    const x = Uint32Array.from({ length: 70 * 130 }, () => (random() < 0.1 ? Math.floor(random() * 1e6) : 0));
    expect(transposeCounts(transposeCounts(x, 70, 130), 130, 70)).toEqual(x);
    expect(() => transposeCounts(x, 7, 7)).toThrow(RangeError);
  });
});

describe('EventStats', () => {
  it('counts under the keys of eventKey, also for details without a policy name, ids holding "|" and unknown kinds', () => {
    const random = generator(5);
    const kinds = ['announced', 'approved', 'rejected', 'live', 'launch', 'outage', 'shock', 'entry', 'exit', 'policy', 'custom'];
    const ids = [undefined, '', 'a', 'b|c', 'a+b', 'launch:x'];
    const details = [undefined, '', 'defendShare', 'defendShare: cut', 'defendShare:x', 'seek:partner: y', 'a|b: z', ':lead', 'invest: more'];
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const logs = Array.from({ length: 400 }, () => Array.from({ length: Math.floor(random() * 10) }, (): EventLogEntry => ({
      step: Math.floor(random() * 14), date: '2025-01', kind: pick(kinds) as EventLogEntry['kind'], event: pick(ids), agent: pick(ids), detail: pick(details),
    })));
    const steps = 12;
    const stats = new EventStats(steps);
    logs.forEach((log) => stats.add(log));
    // The reference: per run, each key's first step (in log order) and count.
    const first = new Map<string, number[]>(), counts = new Map<string, number[]>();
    for (const log of logs) {
      const seen = new Map<string, { first: number; count: number }>();
      for (const e of log) { const k = eventKey(e); const x = seen.get(k); if (x) x.count++; else seen.set(k, { first: e.step, count: 1 }); }
      for (const [k, x] of seen) {
        if (!first.has(k)) { first.set(k, new Array(steps).fill(0)); counts.set(k, new Array(steps + 1).fill(0)); }
        first.get(k)![Math.min(x.first, steps - 1)]++;
        counts.get(k)![Math.min(x.count, steps)]++;
      }
    }
    const state = stats.toState();
    expect(state.keys).toEqual([...first.keys()].sort());
    state.keys.forEach((k, i) => {
      expect(Array.from(state.first[i]), k).toEqual(first.get(k));
      expect(Array.from(state.counts[i]), k).toEqual(counts.get(k));
    });
    // Keys merged in before a run adds to them share their arrays.
    const again = EventStats.fromState(state);
    logs.slice(0, 50).forEach((log) => again.add(log));
    const both = EventStats.fromState(state);
    const part = new EventStats(steps);
    logs.slice(0, 50).forEach((log) => part.add(log));
    both.merge(part);
    expect(again.all()).toEqual(both.all());
  });
});
