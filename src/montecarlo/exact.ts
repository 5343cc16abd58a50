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
    this.limbs[i] += l0;
    this.limbs[i + 1] += l1;
    this.limbs[i + 2] += l2;
    this.limbs[i + 3] += l3;
  }

  /** The accumulated sum of cell `cell`. */
  value(cell: number): number {
    const i = cell * 4;
    return (((this.limbs[i + 3] * L1 + this.limbs[i + 2]) * L1 + this.limbs[i + 1]) * L1 + this.limbs[i]) * INV_SCALE;
  }
}

/** Within-block partial sums flushed into {@link ExactSums} when the block changes. */
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

  /** Flushes the current block into the exact sums. */
  flush(): void {
    if (!this.dirty) return;
    const p = this.partial;
    for (let c = 0; c < p.length; c++) {
      if (p[c] !== 0) { this.exact.add(c, p[c]); p[c] = 0; }
    }
    this.dirty = false;
  }

  /** The exact total (after {@link flush}). */
  value(cell: number): number {
    return this.exact.value(cell);
  }
}
