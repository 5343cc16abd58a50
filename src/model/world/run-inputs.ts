/**
 * The sampled inputs of one run, kept in typed arrays: each input path has
 * an index in its world (in the order the world first drew it, which is
 * the plan's sampling order), a run writes values by index, and the
 * `{ path: value }` record that `RunResult.inputs` shows is built only when
 * something reads it. A run that stored its ~60 inputs by computed key made
 * a dictionary-mode object every run, read by nothing in most studies.
 */

/**
 * One world's input values, by path index, for the run in progress.
 *
 * @example
 * const inputs = new RunInputs();
 * const i = inputs.indexOf('events[0].reviewMonths'); // => 0
 * inputs.clear(); inputs.set(i, 4.2);
 * inputs.record(); // => { 'events[0].reviewMonths': 4.2 }
 */
export class RunInputs {
  /** Input paths by index. */
  private readonly paths: string[] = [];
  private readonly index = new Map<string, number>();
  /** Values by index (valid where `seen` is 1). */
  private values = new Float64Array(64);
  /** Whether the run drew input i, and the indices it drew in the order of their first draw. */
  private seen = new Uint8Array(64);
  private order = new Int32Array(64);
  /** How many inputs the run drew. */
  private count = 0;

  /**
   * The index of input `path` in this world (a new one the first time);
   * looked up once per input and world, not once per run.
   *
   * @example
   * inputs.indexOf('parameters.aiWeight'); // => 3 (say)
   */
  indexOf(path: string): number {
    let i = this.index.get(path);
    if (i === undefined) {
      i = this.paths.length;
      this.paths.push(path);
      this.index.set(path, i);
      if (i >= this.values.length) this.grow(2 * this.values.length);
    }
    return i;
  }

  /**
   * Forgets the last run's values (a new run draws its own).
   *
   * @example
   * inputs.clear(); inputs.record(); // => {}
   */
  clear(): void {
    const seen = this.seen, order = this.order;
    for (let k = 0; k < this.count; k++) seen[order[k]] = 0;
    this.count = 0;
  }

  /**
   * Sets input `i`'s value in this run (a path drawn again keeps its place
   * and takes its new value); returns whether it is the run's first draw of it.
   *
   * @example
   * inputs.set(i, 0.3); // => true
   * inputs.set(i, 0.4); // => false (the record shows 0.4)
   */
  set(i: number, x: number): boolean {
    this.values[i] = x;
    if (this.seen[i] === 1) return false;
    this.seen[i] = 1;
    this.order[this.count++] = i;
    return true;
  }

  /**
   * The run's inputs as a new `{ path: value }` record, in the order of
   * their first draw (as `RunResult.inputs` shows them).
   *
   * @example
   * inputs.record(); // => { 'parameters.aiWeight': 0.4, 'events[0].reviewMonths': 4.2, … }
   */
  record(): Record<string, number> {
    const out: Record<string, number> = {};
    const paths = this.paths, values = this.values, order = this.order;
    for (let k = 0; k < this.count; k++) out[paths[order[k]]] = values[order[k]];
    return out;
  }

  private grow(size: number): void {
    const values = new Float64Array(size), seen = new Uint8Array(size), order = new Int32Array(size);
    values.set(this.values);
    seen.set(this.seen);
    order.set(this.order);
    this.values = values;
    this.seen = seen;
    this.order = order;
  }
}
