/**
 * Fixed-layout histograms with integer counts: mergeable exactly, in any
 * order, with a stated quantile error.
 *
 * - `unit` metrics (shares, 0/1 flags) live in [0, 1]: 2048 equal bins, so a
 *   quantile estimate is within 1/2048 ≈ 0.049 percentage points of the exact
 *   quantile (each order statistic is estimated within its own bin).
 * - `positive` metrics (users, units, load, capability) use log-linear bins
 *   (64 per doubling, as HDR histograms do) over [2^-16, 2^24), plus an
 *   underflow bin for smaller values (zero included) and an overflow bin:
 *   within the range a quantile is within 1/64 ≈ 1.6 % (relative) of exact.
 * - `signed` metrics (custom metrics, which may be negative) mirror the
 *   positive layout: log-linear bins on |x| over [2^-16, 2^24) for negative
 *   and for positive values, a zero bin for |x| < 2^-16 (zero included) and an
 *   overflow bin at each end: within the range a quantile is within 1/64
 *   (relative) of exact, and within 2^-15 (absolute) in the zero bin.
 * Estimates are clamped to the exact minimum and maximum, which are kept.
 */

/** Histogram layouts. */
export type HistogramKind = 'unit' | 'positive' | 'signed';

/** Bins of a unit histogram. */
export const UNIT_BINS = 2048;
const SUB = 64;
const MIN_EXP = -16;
const MAX_EXP = 24;
/** Bins of a positive histogram: underflow, log-linear bins, overflow. */
export const POSITIVE_BINS = (MAX_EXP - MIN_EXP) * SUB + 2;
/** Bin of zero in a signed histogram (negative bins below, positive above). */
const ZERO_BIN = POSITIVE_BINS - 1;
/** Bins of a signed histogram: overflow, negative log-linear bins, zero, positive log-linear bins, overflow. */
export const SIGNED_BINS = 2 * POSITIVE_BINS - 1;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0; // little-endian: high word at index 1

/**
 * Bin index of `x` in a histogram of kind `kind`.
 *
 * @example
 * binOf('unit', 0.5); // => 1024
 * binOf('positive', 1); // => 1 + 16 * 64 = 1025
 * binOf('signed', 1); // => 2561 + 1025 = 3586 (2561 is the zero bin)
 * binOf('signed', -1); // => 2561 - 1025 = 1536
 */
export function binOf(kind: HistogramKind, x: number): number {
  if (kind === 'unit') {
    const b = Math.floor(x * UNIT_BINS);
    return b < 0 ? 0 : b >= UNIT_BINS ? UNIT_BINS - 1 : b;
  }
  if (kind === 'signed') return x < 0 ? ZERO_BIN - positiveBin(-x) : ZERO_BIN + positiveBin(x);
  return positiveBin(x);
}

const LOWEST = 2 ** MIN_EXP, HIGHEST = 2 ** MAX_EXP;

/**
 * Bin of `x` in a positive histogram (0 = underflow, including zero and
 * negatives): the same as `binOf('positive', x)`, for hot loops.
 *
 * @example
 * positiveBin(1); // => 1025
 * positiveBin(0); // => 0
 */
export function positiveBin(x: number): number {
  if (!(x >= LOWEST)) return 0;
  if (x >= HIGHEST) return POSITIVE_BINS - 1;
  f64[0] = x;
  const hi = u32[HI];
  const e = ((hi >>> 20) & 0x7ff) - 1023;
  const m = (hi >>> 14) & (SUB - 1);
  return 1 + (e - MIN_EXP) * SUB + m;
}

/**
 * The [low, high) value range of bin `b` (underflow and overflow bins are
 * bounded by the exact minimum and maximum).
 *
 * @example
 * binRange('unit', 1024); // => [0.5, 0.50048828125]
 */
export function binRange(kind: HistogramKind, b: number, min: number, max: number): [number, number] {
  if (kind === 'unit') return [b / UNIT_BINS, (b + 1) / UNIT_BINS];
  if (kind === 'signed') {
    if (b === ZERO_BIN) return [Math.max(min, -(2 ** MIN_EXP)), Math.min(max, 2 ** MIN_EXP)];
    if (b > ZERO_BIN) return binRange('positive', b - ZERO_BIN, min, max);
    const [lo, hi] = binRange('positive', ZERO_BIN - b, -max, -min);
    return [-hi, -lo];
  }
  if (b === 0) return [min, Math.min(max, 2 ** MIN_EXP)];
  if (b === POSITIVE_BINS - 1) return [2 ** MAX_EXP, max];
  const k = b - 1, e = MIN_EXP + Math.floor(k / SUB), m = k % SUB;
  return [2 ** e * (1 + m / SUB), 2 ** e * (1 + (m + 1) / SUB)];
}

/** Number of bins of a histogram kind. */
export function binsOf(kind: HistogramKind): number {
  return kind === 'unit' ? UNIT_BINS : kind === 'signed' ? SIGNED_BINS : POSITIVE_BINS;
}

/**
 * Estimate of the i-th smallest value (0-based) from histogram counts: the
 * values of a bin are taken as evenly spread over it, so the estimate lies
 * in the same bin as the true order statistic.
 */
function orderStatistic(kind: HistogramKind, counts: Uint32Array, offset: number, i: number, min: number, max: number, stride: number): number {
  const bins = binsOf(kind);
  let before = 0;
  for (let b = 0; b < bins; b++) {
    const c = counts[offset + b * stride];
    if (c === 0) continue;
    if (before + c > i) {
      const [lo, hi] = binRange(kind, b, min, max);
      const x = lo + ((i - before + 0.5) / c) * (hi - lo);
      return Math.min(max, Math.max(min, x));
    }
    before += c;
  }
  return max;
}

/**
 * Quantile `q` (type 7: position h = q·(n − 1) among the sorted values,
 * linear between the order statistics around it) estimated from histogram
 * counts `counts[offset + b · stride]` for bins b, with n values in all and the exact
 * min and max. Each order statistic is estimated within its bin, so the
 * error is at most one bin width: 1/2048 for unit histograms, 1/64 of the
 * value for positive and signed ones (within their range).
 *
 * @example
 * // values 0.1, 0.2, 0.3 in a unit histogram: histogramQuantile('unit', counts, 0, 3, 0.5, 0.1, 0.3) ≈ 0.2 (± 1/2048)
 */
export function histogramQuantile(
  kind: HistogramKind, counts: Uint32Array, offset: number, n: number, q: number, min: number, max: number, stride = 1,
): number {
  if (n === 0) return NaN;
  if (n === 1 || min === max) return min;
  const h = q * (n - 1);
  const i = Math.floor(h), f = h - i;
  const lo = orderStatistic(kind, counts, offset, i, min, max, stride);
  if (f === 0 || i + 1 >= n) return lo;
  const hi = orderStatistic(kind, counts, offset, i + 1, min, max, stride);
  return lo + f * (hi - lo);
}

/**
 * Transposes a `rows × cols` table of counts stored row-major
 * (`counts[r * cols + c]`) into a new one stored column-major
 * (`out[c * rows + r]`). A summary keeps each histogram cell-major
 * (`[cell * bins + bin]`, a cell's bins together); shard files write them
 * bin-major (`[bin * cells + cell]`): `transposeCounts(h, cells, bins)` turns
 * the first into the second, `transposeCounts(h, bins, cells)` back.
 *
 * @example
 * transposeCounts(Uint32Array.of(1, 2, 3, 4, 5, 6), 2, 3); // => Uint32Array [1, 4, 2, 5, 3, 6]
 */
export function transposeCounts(counts: Uint32Array, rows: number, cols: number): Uint32Array {
  if (counts.length !== rows * cols) throw new RangeError(`Cannot transpose ${counts.length} counts as ${rows} × ${cols}`);
  const out = new Uint32Array(counts.length);
  // Tiles of 64 × 64 keep both sides' cache lines in use.
  const T = 64;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(rows, r0 + T);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(cols, c0 + T);
      for (let r = r0; r < r1; r++) {
        const from = r * cols;
        for (let c = c0; c < c1; c++) {
          const x = counts[from + c];
          if (x !== 0) out[c * rows + r] = x;
        }
      }
    }
  }
  return out;
}
