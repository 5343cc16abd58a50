/**
 * Streaming, mergeable summaries of many runs: per market, metric, agent and
 * step, the count, exact sums (→ mean, sd, standard error), exact min and
 * max, the numbers of positive and negative values, and a fixed histogram (→ quantiles).
 * Memory is fixed by the layout (markets × metrics × agents × steps), never
 * by the number of runs: about 8 KB per cell for unit metrics, 10 KB per
 * cell for positive ones and 20 KB for signed (custom) ones (histograms),
 * plus 100 bytes for the sums, plus two buffers of at most
 * {@link SUMMARY_BUFFER_BYTES} each (whatever the number of runs).
 *
 * Runs are buffered as they come (a copy of their values, up to
 * {@link SUMMARY_BUFFER_RUNS} runs) and then added a sub-block at a time,
 * cell by cell: a cell's partial sums still add its runs one by one in the
 * order they were added, and a sub-block never straddles a block of the
 * exact sums, so the sums are bit-identical to adding every run straight
 * away. The bins found on the way wait in a second buffer (up to
 * {@link SUMMARY_BIN_RUNS} runs) and are then counted cell by cell into
 * cell-major histograms (a cell's bins together), whose few busy cache
 * lines then serve many runs; counts are integers, so they are the same in
 * any order.
 *
 * Unit and positive metrics are drained by a WebAssembly SIMD kernel
 * (./wasm/summary.wat, two cells at a time, each cell's runs still added
 * in order: the same bits), which also counts the bins, where WebAssembly
 * with SIMD is there. The two buffers, the histograms, min, max and sign
 * counts then live in the kernel's memory (one per summary, made at the
 * first add, never grown), with a copy of the current block's partial
 * sums (16 bytes a cell, copied back before the block's sums are flushed);
 * `toState` copies them out. Elsewhere the JavaScript drains and counts
 * below do the same.
 */
import { RivalsimError } from '../errors.js';
import { cellStat, mergeAccumulator, newAccumulator, restoreAccumulator, type MarketAccumulator } from './accumulator.js';
import { countMetric, drainValues } from './drain.js';
import { BLOCK_RUNS } from './exact.js';
import { binsOf } from './histogram.js';
import type { CellStat, MarketLayout, SummaryState } from './layout.js';
import type { CellHistogram } from './uncertainty.js';
import { summaryKernelAvailable, type SummaryKernel } from './wasm/kernel.js';
import { placeInKernel, type KernelRegion } from './wasm/summary-memory.js';

/** Most runs a {@link Summary} buffers before adding them. */
export const SUMMARY_BUFFER_RUNS = 64;
/** Most runs whose bins a {@link Summary} buffers before counting them into its histograms. */
export const SUMMARY_BIN_RUNS = 256;
/**
 * Most bytes of buffered run values, and of buffered bins, per {@link Summary}
 * (at least one run is buffered, whatever its size).
 */
export const SUMMARY_BUFFER_BYTES = 2 ** 21;

/**
 * A mergeable summary. Feed runs in increasing run order with
 * {@link Summary.add}; {@link Summary.flush} before reading or merging
 * (reads, `toState` and merges flush by themselves).
 *
 * @example
 * const s = new Summary(dates, layouts);
 * s.add(0, [[shareSeries, …]]); s.flush();
 * s.stat('phones', 'share', 'apple', 36, [0.5]);
 */
export class Summary {
  /** Runs added. */
  n = 0;
  private readonly acc: MarketAccumulator[];
  readonly T1: number;
  /** Runs whose values are buffered at most (see {@link SUMMARY_BUFFER_RUNS}). */
  private readonly capacity: number;
  /** Runs whose bins are buffered at most (even, and at least `capacity`; see {@link SUMMARY_BIN_RUNS}). */
  private readonly binCapacity: number;
  /**
   * Buffered values per market, per metric and run: `buffers[i][(m * capacity + s) * nT + c]`
   * for metric m, buffered run s and cell c (allocated at the first add).
   */
  private buffers: Float64Array[] | undefined;
  /** Runs buffered, all from block {@link Summary.bufferBlock}; the last of them is run {@link Summary.bufferRun}. */
  private buffered = 0;
  private bufferBlock = -1;
  private bufferRun = 0;
  /**
   * Bins of drained runs not yet counted, per market, cell-major:
   * `binBuffers[i][k * binCapacity + s]` for cell k and drained run s.
   */
  private binBuffers: Uint16Array[] | undefined;
  private binned = 0;
  /**
   * The WebAssembly kernel drains unit and positive metrics and counts bins
   * when it is available and the constructor's `kernel` allows it;
   * its memory (made at the first add) then holds the buffers, histograms,
   * min, max and sign counts (see {@link KernelRegion}).
   */
  private readonly wantKernel: boolean;
  private kernel: SummaryKernel | undefined;
  private regions: KernelRegion[] | undefined;
  /** The block whose partial sums the kernel's memory holds (newer than the BlockedSums' own), or −1. */
  private kernelBlock = -1;

  constructor(
    /** `'YYYY-MM'` per step. */
    readonly dates: readonly string[],
    /** Markets covered. */
    readonly markets: readonly MarketLayout[],
    /** Keep histograms (quantiles)? Comparisons of differences do not. */
    readonly histograms = true,
    /** Drain with the WebAssembly kernel where it is available? `false` keeps the JavaScript drains (same bits; for tests and benchmarks). */
    kernel = true,
  ) {
    this.T1 = dates.length;
    this.acc = markets.map((layout) => newAccumulator(layout, this.T1, histograms));
    const cells = Math.max(1, this.acc.reduce((n, a) => n + a.cells, 0));
    this.capacity = Math.max(1, Math.min(SUMMARY_BUFFER_RUNS, Math.floor(SUMMARY_BUFFER_BYTES / (8 * cells))));
    // Even, for the kernel, which reads bins in pairs; at least one drain's worth.
    const binRuns = Math.max(this.capacity, Math.min(SUMMARY_BIN_RUNS, Math.floor(SUMMARY_BUFFER_BYTES / (2 * cells))));
    this.binCapacity = binRuns + (binRuns & 1);
    this.wantKernel = kernel && histograms && this.acc.some((a) => a.kernelKinds) && summaryKernelAvailable();
  }

  /**
   * The value buffers: in a new kernel's memory, one region per market,
   * when the kernel is wanted and can be had (the bin buffers too, and the
   * histograms, min, max and sign counts move there with what they hold);
   * else plain arrays (bins then come at the first drain).
   */
  private allocate(): Float64Array[] {
    if (this.wantKernel) {
      const placed = placeInKernel(this.acc, this.capacity, this.binCapacity, this.n > 0);
      if (placed) {
        this.kernel = placed.kernel;
        this.regions = placed.regions;
        this.binBuffers = placed.bins;
        return placed.values;
      }
    }
    return this.acc.map((a) => new Float64Array(this.capacity * a.cells));
  }

  /**
   * Adds run `run`: `values[market][metric]` is the run's flat series,
   * agent-major (`[slot * steps + step]`), in the layout's order. The values
   * are copied (the arrays may be reused for the next run); a non-finite
   * value throws a RangeError naming its market and metric, and leaves the
   * summary as it was.
   *
   * @example
   * summary.add(0, [[shareSeries, salesSeries]]);
   */
  add(run: number, values: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>): void {
    const block = Math.floor(run / BLOCK_RUNS);
    if (this.buffered > 0 && (block !== this.bufferBlock || this.buffered === this.capacity)) this.drain();
    const buffers = (this.buffers ??= this.allocate());
    const s = this.buffered, capacity = this.capacity;
    for (let i = 0; i < this.acc.length; i++) {
      const a = this.acc[i], buf = buffers[i], nT = a.nT, row = values[i];
      for (let m = 0; m < a.kinds.length; m++) {
        const x = row[m];
        // v − v is 0 for a finite v, NaN otherwise; four at a time (V8 then checks x once for four values).
        let bad = 0, c = 0;
        for (; c + 3 < nT; c += 4) {
          const v0 = x[c], v1 = x[c + 1], v2 = x[c + 2], v3 = x[c + 3];
          bad += (v0 - v0) + (v1 - v1) + (v2 - v2) + (v3 - v3);
        }
        for (; c < nT; c++) { const v = x[c]; bad += v - v; }
        if (bad !== 0) {
          for (c = 0; x[c] - x[c] === 0; c++);
          throw new RangeError(`Non-finite value ${x[c]} in ${a.layout.id}.${a.layout.metrics[m]}`);
        }
        const o = (m * capacity + s) * nT;
        if (x instanceof Float64Array && x.length === nT) buf.set(x, o);
        else for (c = 0; c < nT; c++) buf[o + c] = x[c];
      }
    }
    this.buffered = s + 1;
    this.bufferBlock = block;
    this.bufferRun = run;
    this.n++;
  }

  /**
   * Adds the buffered runs to the sums, cell by cell, each cell's runs in the
   * order they were added, and buffers their bins.
   */
  private drain(): void {
    const count = this.buffered;
    if (count === 0) return;
    if (this.histograms && this.binned + count > this.binCapacity) this.count();
    this.buffered = 0;
    if (this.histograms && !this.binBuffers) {
      this.binBuffers = this.acc.map((a) => new Uint16Array(this.binCapacity * a.cells));
    }
    const bins = this.binBuffers, kernel = this.kernel, block = this.bufferBlock;
    for (let i = 0; i < this.acc.length; i++) {
      const a = this.acc[i], buf = this.buffers![i], nT = a.nT;
      const r = kernel && a.kernelKinds ? this.regions![i] : undefined;
      // Within a block the kernel's copy of the partial sums is the current one: back before a new block flushes them.
      if (r && this.kernelBlock >= 0 && this.kernelBlock !== block) { r.partialSum!.set(r.ps); r.partialSq!.set(r.pq); }
      const ps = a.sum.enter(this.bufferRun), pq = a.sq.enter(this.bufferRun);
      const stride = this.binCapacity, slot = this.binned;
      // With the kernel, the partial sums are its copies (a.min, a.max and the sign counts are views on its memory).
      if (r && this.kernelBlock !== block) { r.ps.set(ps); r.pq.set(pq); r.partialSum = ps; r.partialSq = pq; }
      const sums = r ? r.ps : ps, squares = r ? r.pq : pq, cellBytes = 8 * a.cells;
      for (let m = 0; m < a.kinds.length; m++) {
        const kind = a.kinds[m], at = m * this.capacity * nT, k0 = m * nT;
        if (r && kind !== 'signed') {
          const values = r.values + 8 * at, acc = r.acc + 8 * k0, to = r.bins + 2 * (k0 * stride + slot);
          (kind === 'unit' ? kernel!.unit : kernel!.positive)(values, nT, count, acc, cellBytes, to, 2 * stride);
        } else {
          drainValues(buf, at, nT, count, k0, sums, squares, a.min, a.max, a.positive, a.negative, bins?.[i], stride, slot, kind);
        }
      }
    }
    if (bins) this.binned += count;
    if (kernel) this.kernelBlock = block;
  }

  /** Counts the buffered bins into the histograms, cell by cell (a cell's histogram stays in cache meanwhile). */
  private count(): void {
    const filled = this.binned;
    if (filled === 0) return;
    this.binned = 0;
    for (let i = 0; i < this.acc.length; i++) {
      const a = this.acc[i], bins = this.binBuffers![i], nT = a.nT;
      const r = this.regions?.[i], kernel = this.kernel;
      for (let m = 0; m < a.kinds.length; m++) {
        if (kernel) kernel.count(r!.bins + 2 * m * nT * this.binCapacity, nT, 2 * this.binCapacity, filled, r!.hist[m], binsOf(a.kinds[m]));
        else countMetric(bins, m * nT, nT, this.binCapacity, filled, a.hist![m], binsOf(a.kinds[m]));
      }
    }
  }

  /**
   * Adds the buffered runs and counts their bins (reads and merges call it).
   * The current block's partial sums stay partial: reads and states count
   * them as a block's end would, so reading part way changes no bit of the
   * final result.
   */
  flush(): void {
    this.drain();
    this.count();
    if (this.kernelBlock >= 0) {
      this.regions!.forEach((r) => { if (r.partialSum) { r.partialSum.set(r.ps); r.partialSq!.set(r.pq); } });
      this.kernelBlock = -1;
    }
  }

  /**
   * Adds another summary of the same layout, exactly (no block split
   * between them).
   */
  merge(other: Summary): void {
    if (other.acc.length !== this.acc.length || other.T1 !== this.T1) throw new RangeError('Cannot merge summaries of different layouts');
    this.mergeState(other.toState());
  }

  /**
   * The summary's complete state as plain data (typed arrays), for
   * workers and shard files; {@link Summary.fromState} restores it. Taking
   * it changes nothing (the current block's partial sums are counted as its
   * end would count them). A summary restored from a state taken part way
   * through a block of {@link BLOCK_RUNS} runs and fed the rest of that
   * block rounds the block twice, so its sums may differ in the last bits
   * from one that never stopped there; workers and shards hand over whole
   * blocks, which merge exactly.
   */
  toState(): SummaryState {
    this.flush();
    return {
      n: this.n, dates: [...this.dates], markets: this.markets.map((m) => ({ ...m, agents: [...m.agents], metrics: [...m.metrics] })),
      histograms: this.histograms,
      acc: this.acc.map((a) => ({
        sum: a.sum.settledLimbs(), sq: a.sq.settledLimbs(), ...this.own(a),
      })),
    };
  }

  /**
   * A market's min, max, sign counts and histograms, copied out of the
   * kernel's memory when they are there (a view would carry all of it, or,
   * moved to a worker, detach it).
   */
  private own(a: MarketAccumulator): Pick<SummaryState['acc'][number], 'min' | 'max' | 'positive' | 'negative' | 'hist'> {
    if (!this.kernel) return { min: a.min, max: a.max, positive: a.positive, negative: a.negative, hist: a.hist };
    return { min: a.min.slice(), max: a.max.slice(), positive: a.positive.slice(), negative: a.negative.slice(), hist: a.hist?.map((h) => h.slice()) };
  }

  /**
   * Adds a state of the same layout (from a worker or a shard), exactly,
   * without building a second summary.
   */
  mergeState(state: SummaryState): void {
    this.flush();
    if (state.acc.length !== this.acc.length) throw new RangeError('Cannot merge summaries of different layouts');
    this.n += state.n;
    this.acc.forEach((a, i) => mergeAccumulator(a, state.acc[i]));
  }

  /**
   * A summary from {@link Summary.toState}'s data. With `handedOver` (a
   * state moved from a worker, never used again), its arrays are adopted
   * rather than copied.
   */
  static fromState(state: SummaryState, handedOver = false): Summary {
    const s = new Summary(state.dates, state.markets, state.histograms);
    s.n = state.n;
    s.acc.forEach((a, i) => restoreAccumulator(a, state.acc[i], handedOver));
    return s;
  }

  /** Index of market `id`, or −1. */
  marketIndex(id: string): number {
    return this.markets.findIndex((m) => m.id === id);
  }

  /**
   * Statistics of one cell.
   *
   * @example
   * summary.stat('phones', 'share', 'apple', 36, [0.05, 0.5, 0.95]).mean; // => 0.17…
   */
  stat(market: string, metric: string, agent: string, step: number, quantiles: readonly number[]): CellStat {
    const i = this.marketIndex(market);
    if (i < 0) throw new RivalsimError('Unknown market', 'market', market, `one of ${this.markets.map((m) => m.id).join(', ')}`);
    const a = this.acc[i];
    const m = a.layout.metrics.indexOf(metric);
    if (m < 0) throw new RivalsimError(`Unknown metric in "${market}"`, 'metric', metric, `one of ${a.layout.metrics.join(', ')} (those summarised)`);
    const j = a.layout.agents.indexOf(agent);
    if (j < 0) throw new RivalsimError(`Unknown agent in "${market}"`, 'agent', agent, `one of ${a.layout.agents.join(', ')}`);
    if (!Number.isInteger(step) || step < 0 || step >= this.T1) throw new RivalsimError('Invalid step', 'step', step, `an integer in 0…${this.T1 - 1}`);
    return this.cell(i, m, j * this.T1 + step, quantiles);
  }

  /**
   * The histogram of one cell, read in place (no copy), or undefined when
   * the summary keeps no histograms: for the Monte Carlo error of its
   * quantiles (`uncertainty.ts`). Valid until the next run is added.
   *
   * @example
   * quantileUncertainty(summary.cellHistogram('phones', 'share', 'apple', 36)!, [0.5]);
   */
  cellHistogram(market: string, metric: string, agent: string, step: number): CellHistogram | undefined {
    this.stat(market, metric, agent, step, []);
    const i = this.marketIndex(market), a = this.acc[i];
    const m = a.layout.metrics.indexOf(metric), c = a.layout.agents.indexOf(agent) * this.T1 + step, k = m * a.nT + c;
    if (!a.hist) return undefined;
    const kind = a.kinds[m];
    return { kind, counts: a.hist[m], offset: c * binsOf(kind), n: this.n, min: a.min[k], max: a.max[k] };
  }

  /** Statistics of cell `c` (agent-major within the metric) of metric `m` of market `i`. */
  cell(i: number, m: number, c: number, quantiles: readonly number[]): CellStat {
    this.flush();
    return cellStat(this.acc[i], m, c, this.n, quantiles);
  }
}
