/**
 * The device market's nested logit (`deviceChoice` of
 * model/world/devices.ts) for a batch of runs at once, in the batch
 * kernel's memory as struct-of-arrays: each quantity a row of doubles per
 * slot, the runs innermost (`[slot][run]`), so the kernel takes two runs
 * per f64x2 lane pair. Each run's operations are those of `deviceChoice`,
 * in its order: the results are bit-identical.
 */
import type { DeviceMarketState } from '../../model/world/state.js';
import type { BatchKernel } from './kernel.js';

/**
 * What the nested logit reads of a run's device market.
 *
 * @example
 * const input: DeviceChoiceInput = world.markets[0] as DeviceMarketState; // a device market is one
 */
export type DeviceChoiceInput = Pick<DeviceMarketState, 'util' | 'alpha' | 'tierUtil' | 'active' | 'lambda' | 'gamma'>;
/**
 * What the nested logit writes of a run's device market.
 *
 * @example
 * const output: DeviceChoiceOutput = { condProb: new Float64Array(n * K), inclusive: new Float64Array(K),
 *   tierProb: new Float64Array((K + 1) * K), destination: new Float64Array((K + 1) * n) };
 */
export type DeviceChoiceOutput = Pick<DeviceMarketState, 'condProb' | 'inclusive' | 'tierProb' | 'destination'>;

/**
 * A batch of `runs` runs' device markets of `n` brands and `K` tiers laid
 * out in a kernel's memory from byte `at`: load each run's inputs, run the
 * kernel once, read each run's outputs. Rows are padded with idle lanes
 * (see `width`); the kernel computes them too, on zeros.
 *
 * @example
 * const batch = new DeviceChoiceBatch(createBatchKernel(DeviceChoiceBatch.bytes(7, 2, 256))!, 7, 2, 256);
 * markets.forEach((m, r) => batch.load(r, m));
 * batch.run();
 * markets.forEach((m, r) => batch.store(r, m)); // m.condProb, … as deviceChoice(m) writes them
 */
export class DeviceChoiceBatch {
  /**
   * Doubles per row: `runs` rounded up to an odd number of 64-byte cache
   * lines, so that rows fall in different sets of a CPU's L1 cache. Rows a
   * power of two of bytes apart (256 runs: 2 KB) share a few sets, and
   * the kernel, which reads every row for each pair of runs, ran 20–60 %
   * slower (test/bench/kernel.ts, --batch 256 to 1024).
   */
  readonly width: number;
  /** Row index (in doubles) of each array's first slot. */
  readonly util: number; readonly alpha: number; readonly tierUtil: number; readonly active: number; readonly lambda: number;
  readonly gamma: number; readonly cond: number; readonly inclusive: number; readonly tierProb: number; readonly dest: number;
  /** The kernel's memory as doubles. */
  readonly f64: Float64Array;

  /**
   * Bytes of memory a batch needs.
   *
   * @example
   * DeviceChoiceBatch.bytes(7, 2, 256); // => 158400 (75 rows of 264 doubles)
   */
  static bytes(n: number, K: number, runs: number): number {
    return DeviceChoiceBatch.rows(n, K) * DeviceChoiceBatch.widthOf(runs) * 8;
  }

  /**
   * Doubles per row for `runs` runs: an odd number of cache lines of 8.
   *
   * @example
   * DeviceChoiceBatch.widthOf(256); // => 264
   * DeviceChoiceBatch.widthOf(7); // => 8
   */
  static widthOf(runs: number): number {
    const lines = Math.ceil(runs / 8);
    return 8 * (lines + 1 - (lines & 1));
  }

  private static rows(n: number, K: number): number {
    return n + n * K + K + n + 2 + n * K + K + (K + 1) * K + (K + 1) * n;
  }

  constructor(readonly kernel: BatchKernel, readonly n: number, readonly K: number, readonly runs: number, readonly at = 0) {
    if (at % 16 !== 0 || at + DeviceChoiceBatch.bytes(n, K, runs) > kernel.memory.buffer.byteLength) {
      throw new RangeError(`A batch of ${runs} runs (${n} brands, ${K} tiers) at byte ${at} needs ${DeviceChoiceBatch.bytes(n, K, runs)} bytes from a multiple of 16`);
    }
    const w = (this.width = DeviceChoiceBatch.widthOf(runs));
    let row = at / 8;
    const take = (slots: number) => { const start = row; row += slots * w; return start; };
    this.util = take(n); this.alpha = take(n * K); this.tierUtil = take(K); this.active = take(n);
    this.lambda = take(1); this.gamma = take(1);
    this.cond = take(n * K); this.inclusive = take(K); this.tierProb = take((K + 1) * K); this.dest = take((K + 1) * n);
    this.f64 = new Float64Array(kernel.memory.buffer);
  }

  /**
   * Copies run `r`'s inputs into the batch (`util` in place of `m.util`, as deviceChoice's second argument).
   *
   * @example
   * batch.load(3, market); // run 3 of the batch is this market
   */
  load(r: number, m: DeviceChoiceInput, util: Float64Array = m.util): void {
    const f = this.f64, w = this.width, n = this.n, nK = n * this.K;
    for (let j = 0; j < n; j++) { f[this.util + j * w + r] = util[j]; f[this.active + j * w + r] = m.active[j]; }
    for (let i = 0; i < nK; i++) f[this.alpha + i * w + r] = m.alpha[i];
    for (let k = 0; k < this.K; k++) f[this.tierUtil + k * w + r] = m.tierUtil[k];
    f[this.lambda + r] = m.lambda;
    f[this.gamma + r] = m.gamma;
  }

  /**
   * The nested logit of every run of the batch, in the kernel.
   *
   * @example
   * batch.run(); // every run's outputs, as deviceChoice would write them
   */
  run(): void {
    this.kernel.deviceChoice(
      this.n, this.K, this.width, this.util * 8, this.alpha * 8, this.tierUtil * 8, this.active * 8, this.lambda * 8, this.gamma * 8,
      this.cond * 8, this.inclusive * 8, this.tierProb * 8, this.dest * 8,
    );
  }

  /**
   * Copies run `r`'s results out of the batch.
   *
   * @example
   * batch.store(3, market); // market.condProb, inclusive, tierProb, destination: run 3's
   */
  store(r: number, m: DeviceChoiceOutput): void {
    const f = this.f64, w = this.width, n = this.n, K = this.K;
    for (let i = 0; i < n * K; i++) m.condProb[i] = f[this.cond + i * w + r];
    for (let k = 0; k < K; k++) m.inclusive[k] = f[this.inclusive + k * w + r];
    for (let i = 0; i < (K + 1) * K; i++) m.tierProb[i] = f[this.tierProb + i * w + r];
    for (let i = 0; i < (K + 1) * n; i++) m.destination[i] = f[this.dest + i * w + r];
  }
}
