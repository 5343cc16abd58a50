/**
 * The layout of a {@link Summary}'s kernel memory: one region per market
 * holding its buffered values, its bins, its cells' accumulators and its
 * histograms. Placing a summary's markets there moves their min, max, sign
 * counts and histograms into that memory, with what they hold.
 */
import type { MarketAccumulator } from '../accumulator.js';
import { binsOf } from '../histogram.js';
import type { Summary } from '../summary.js';
import { createSummaryKernel, type SummaryKernel } from './kernel.js';

/**
 * Where a market's buffers live in a {@link Summary}'s kernel memory (byte
 * addresses), and views on them: the buffered values, the bins, the cells'
 * accumulators (partial sums, partial sums of squares, min, max, positive
 * and negative counts: six arrays of `cells` f64 each, from `acc`; the
 * market's min, max and counts are then views on them, the partial sums a
 * copy of its BlockedSums' for the current block) and the histograms.
 */
export interface KernelRegion {
  values: number;
  bins: number;
  acc: number;
  /** Per metric: its histogram (the market's `hist[m]` is then a view on it). */
  hist: number[];
  /** The partial sums' arrays of the market's BlockedSums (known from the first drain). */
  partialSum?: Float64Array;
  partialSq?: Float64Array;
  ps: Float64Array;
  pq: Float64Array;
  min: Float64Array;
  max: Float64Array;
  positive: Float64Array;
  negative: Float64Array;
}

/**
 * A new kernel whose memory holds `markets` (buffers for `capacity`
 * runs of values and `binCapacity` runs of bins), with views on its
 * regions; undefined where no kernel can be had. The markets' min, max,
 * sign counts and histograms become views on that memory (the histograms
 * copied over when `holding` runs already).
 *
 * @example
 * const placed = placeInKernel(summaryMarkets, 64, 256, false); // placed?.values[0]: market 0's value buffer
 */
export function placeInKernel(markets: MarketAccumulator[], capacity: number, binCapacity: number, holding: boolean):
  { kernel: SummaryKernel; regions: KernelRegion[]; bins: Uint16Array[]; values: Float64Array[] } | undefined {
  const sizes = markets.map((a) => ({
    values: 8 * capacity * a.cells, bins: 8 * Math.ceil((2 * binCapacity * a.cells) / 8), acc: 6 * 8 * a.cells,
    hist: a.kinds.map((k) => 8 * Math.ceil((a.nT * binsOf(k)) / 2)),
  }));
  const kernel = createSummaryKernel(sizes.reduce((n, x) => n + x.values + x.bins + x.acc + x.hist.reduce((m, h) => m + h, 0), 0));
  if (kernel) {
    const memory = kernel.memory.buffer;
    let at = 0;
    const regions: KernelRegion[] = markets.map((a, i) => {
      const values = at, bins = values + sizes[i].values, acc = bins + sizes[i].bins;
      at = acc + sizes[i].acc;
      const hist = sizes[i].hist.map((bytes) => { const h = at; at += bytes; return h; });
      const view = (j: number, from?: Float64Array) => { const v = new Float64Array(memory, acc + 8 * j * a.cells, a.cells); if (from) v.set(from); return v; };
      // Min, max, the sign counts and the histograms move into the kernel's memory, with what they hold.
      a.min = view(2, a.min); a.max = view(3, a.max); a.positive = view(4, a.positive); a.negative = view(5, a.negative);
      a.hist = a.hist!.map((h, m) => {
        const moved = new Uint32Array(memory, hist[m], h.length);
        if (holding) moved.set(h);
        return moved;
      });
      return { values, bins, acc, hist, ps: view(0), pq: view(1), min: a.min, max: a.max, positive: a.positive, negative: a.negative };
    });
    return {
      kernel, regions,
      bins: markets.map((a, i) => new Uint16Array(memory, regions[i].bins, binCapacity * a.cells)),
      values: markets.map((a, i) => new Float64Array(memory, regions[i].values, capacity * a.cells)),
    };
  }
  return undefined;
}
