/**
 * Exact, order-independent accumulation of sums.
 *
 * Runs are grouped in canonical blocks of {@link BLOCK_RUNS} consecutive run
 * indices. Within a block, values are summed in run order in ordinary
 * floating point (so a block's partial sum depends on its runs alone); each
 * block's partial sum is then rounded to a multiple of 2^-32 and added
 * *exactly* into four 26-bit integer limbs (values up to 2^70 in magnitude). Integer addition is
 * associative, so totals are bit-identical whatever the batching, the number
 * of workers, the order in which blocks complete or how shards are merged —
 * as long as a block is never split between two accumulators.
 */

/** Runs per canonical block. Shards and worker chunks are made of whole blocks. */
export const BLOCK_RUNS = 256;

const SCALE = 2 ** 32;
const INV_SCALE = 2 ** -32;
const L1 = 2 ** 26;
const L2 = 2 ** 52;
const L3 = 2 ** 78;
const LIMIT = 2 ** 70;

/**
 * Exact sums for `cells` independent cells.
 *
 * @example
 * const s = new ExactSums(1);
 * s.add(0, 0.1); s.add(0, 0.2);
 * s.value(0); // => 0.30000000000000004 rounded to 2^-32: 0.3000000000...
 */
export class ExactSums {
  /** Limbs, `limbs[cell * 4 + i]`, each an exact integer. */
  readonly limbs: Float64Array;

  constructor(readonly cells: number) {
    this.limbs = new Float64Array(cells * 4);
  }

  /** Adds `v` (rounded to a multiple of 2^-32) to cell `cell`, exactly. */
  add(cell: number, v: number): void {
    addExact(this.limbs, cell, v);
  }

  /** The accumulated sum of cell `cell`. */
  value(cell: number): number {
    return limbValue(this.limbs, cell);
  }
}

/**
 * Adds `v`, rounded to a multiple of 2^-32, exactly to cell `cell` of
 * `limbs` (four integer limbs per cell, as {@link ExactSums} keeps them).
 *
 * @example
 * const limbs = new Float64Array(4);
 * addExact(limbs, 0, 0.5); // 0.5 · 2^32 = 32 · 2^26: limbs => [0, 32, 0, 0]
 */
export function addExact(limbs: Float64Array, cell: number, v: number): void {
  if (v === 0) return;
  if (!(Math.abs(v) < LIMIT)) {
    throw new RangeError(`Value ${v} cannot be accumulated exactly (|value| must be finite and below 2^70)`);
  }
  // k is an integer-valued double; truncating divisions keep every
  // remainder below the limb size in magnitude (with k's sign), so every
  // step below is exact, for negative values too.
  const k = Math.round(v * SCALE);
  const l3 = Math.trunc(k / L3);
  const r3 = k - l3 * L3;
  const l2 = Math.trunc(r3 / L2);
  const r2 = r3 - l2 * L2;
  const l1 = Math.trunc(r2 / L1);
  const l0 = r2 - l1 * L1;
  const i = cell * 4;
  limbs[i] += l0;
  limbs[i + 1] += l1;
  limbs[i + 2] += l2;
  limbs[i + 3] += l3;
}

/** The value of cell `cell` of `limbs` (see {@link addExact}). */
function limbValue(limbs: Float64Array, cell: number): number {
  const i = cell * 4;
  return (((limbs[i + 3] * L1 + limbs[i + 2]) * L1 + limbs[i + 1]) * L1 + limbs[i]) * INV_SCALE;
}

/**
 * Within-block partial sums, flushed into {@link ExactSums} when the block
 * changes. Reads ({@link BlockedSums.value}, {@link BlockedSums.settledLimbs})
 * count the current block's partial sums as a flush would, without
 * flushing: a block's runs are rounded once, whenever the sums are read,
 * so reading part way changes no bit of what follows.
 */
export class BlockedSums {
  readonly exact: ExactSums;
  private readonly partial: Float64Array;
  private block = -1;
  private dirty = false;

  constructor(readonly cells: number) {
    this.exact = new ExactSums(cells);
    this.partial = new Float64Array(cells);
  }

  /** Moves to the block of run `run`, flushing the previous block when it changes. */
  enter(run: number): Float64Array {
    const b = Math.floor(run / BLOCK_RUNS);
    if (b !== this.block) {
      this.flush();
      this.block = b;
    }
    this.dirty = true;
    return this.partial;
  }

  /** Flushes the current block into the exact sums (when the block changes; reads never need it). */
  private flush(): void {
    if (!this.dirty) return;
    const p = this.partial;
    for (let c = 0; c < p.length; c++) {
      if (p[c] !== 0) { this.exact.add(c, p[c]); p[c] = 0; }
    }
    this.dirty = false;
  }

  /** The exact total, the current block's partial sum included (as a flush would add it). */
  value(cell: number): number {
    const p = this.dirty ? this.partial[cell] : 0;
    if (p === 0) return this.exact.value(cell);
    const limbs = this.exact.limbs.slice(cell * 4, cell * 4 + 4);
    addExact(limbs, 0, p);
    return limbValue(limbs, 0);
  }

  /**
   * A copy of the exact sums' limbs with the current block's partial sums
   * added (as a flush would add them); the sums themselves are unchanged.
   */
  settledLimbs(): Float64Array {
    const limbs = this.exact.limbs.slice();
    if (this.dirty) {
      const p = this.partial;
      for (let c = 0; c < p.length; c++) if (p[c] !== 0) addExact(limbs, c, p[c]);
    }
    return limbs;
  }
}
