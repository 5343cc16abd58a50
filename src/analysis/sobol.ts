/**
 * `sobol`: variance-based sensitivity — first- and total-order Sobol
 * indices with the Saltelli design, Jansen estimators and bootstrap
 * confidence intervals.
 */
import { RivalsimError } from '../errors.js';
import { inputLabel } from '../montecarlo/labels.js';
import { SobolDisplay, displayAs, type Displayable } from './displayable.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import { createRandomSource, type Seed } from '../random/source.js';
import { eachRun, type RunDesign } from '../montecarlo/runner.js';
import { analysedInputs, outputEvaluator, outputLabel, stepAt, type AnalysisOutput } from './common.js';
import { percentileSorted } from './stats.js';

/**
 * Options of {@link sobol}.
 *
 * @example
 * const options: SobolOptions = { output: { market: 'phones', metric: 'share', agent: 'apple', step: 24 }, n: 512, seed: 42 };
 */
export interface SobolOptions {
  /** The output: a cell (default step: the horizon) or a function of a run. */
  output: AnalysisOutput;
  /** Rows of each of the matrices A and B (an integer ≥ 8); the study makes n(k + 2) runs for k inputs. */
  n: number;
  /** Seed of the design, of the common randomness and of the bootstrap. Default 0. */
  seed?: Seed;
  /** Bootstrap resamples for the 95 % intervals (0 for none). Default 200. */
  bootstrap?: number;
  /** Estimate the indices at each of these steps instead of one. */
  steps?: number[];
  /**
   * Also estimate the indices of the randomness that is not an input (the
   * shocks, approval draws, …) taken as one more factor: n more runs. Default false.
   */
  noise?: boolean;
}

/**
 * Sobol indices of one input, with bootstrap 95 % intervals `[lo, hi]`.
 *
 * @example
 * // { path: 'events[0].capabilityGain', first: 0.81, firstCI: [0.74, 0.88], total: 0.86, totalCI: [0.8, 0.92] }
 */
export interface SobolIndex {
  path: string;
  first: number;
  firstCI: [number, number];
  total: number;
  totalCI: [number, number];
}

/**
 * The indices at one step, inputs in declaration order.
 *
 * @example
 * step.inputs.reduce((s, i) => s + i.first, 0); // Σ first order (≤ 1)
 */
export interface SobolStep {
  step: number;
  /** Mean and variance of the output over the rows of A and B. */
  mean: number;
  variance: number;
  inputs: SobolIndex[];
  /** With `noise: true`: the indices of the non-input randomness (path `'(noise)'`). */
  noise?: SobolIndex;
}

/**
 * Result of {@link sobol}.
 *
 * @example
 * result.at().inputs.sort((a, b) => b.total - a.total)[0].path; // the input that matters most
 */
export interface SobolResult extends Displayable {
  output: string;
  n: number;
  seed: Seed;
  /** Model runs made: n(k + 2), or n(k + 3) with `noise`. */
  runs: number;
  bootstrap: number;
  /** `'YYYY-MM'` of each step (to label the steps). */
  dates: readonly string[];
  /** The k inputs varied (declaration order). */
  inputs: string[];
  /** Readable label of each input's path (`events[0].capabilityGain` → `launch:deepseek-r1 · capability gain`, see `inputLabel`), for charts and tables. */
  labels?: Record<string, string>;
  steps: SobolStep[];
  /** The indices at step `t` (default: the first analysed step). */
  at(step?: number): SobolStep;
}

/** A uniform in (0, 1) (never 0). */
function open01(source: () => number): number {
  const u = source();
  return u > 0 ? u : 2 ** -53;
}

/**
 * The Saltelli design over k inputs: matrices A and B (n × k uniforms in
 * (0, 1), row-major, from the stream of `${seed}|sobol`) and, as runs,
 * i = j·M + m for row j of matrix m — A (m = 0), B (1), AB_i (2 + i: A with
 * column i from B) and, with noise, A's inputs on B's randomness (k + 2).
 * Rows of A and AB_i share run j's stream; B's rows have stream n + j.
 */
function saltelliDesign(inputs: string[], n: number, seed: Seed, withNoise: boolean): { design: RunDesign; M: number } {
  const k = inputs.length;
  const column = new Map(inputs.map((p, i) => [p, i]));
  const rng = createRandomSource(`${seed}|sobol`);
  const A = new Float64Array(n * k), B = new Float64Array(n * k);
  for (let j = 0; j < n; j++) for (let i = 0; i < k; i++) A[j * k + i] = open01(rng);
  for (let j = 0; j < n; j++) for (let i = 0; i < k; i++) B[j * k + i] = open01(rng);
  const M = k + 2 + (withNoise ? 1 : 0);
  const design: RunDesign = {
    inputs,
    row: (i) => {
      const j = Math.floor(i / M), m = i % M, swap = m - 2;
      return (path) => {
        const c = column.get(path);
        if (c === undefined) return undefined;
        return (m === 1 || c === swap ? B : A)[j * k + c];
      };
    },
    stream: (i) => {
      const j = Math.floor(i / M), m = i % M;
      return m === 1 || m === k + 2 ? n + j : j;
    },
  };
  return { design, M };
}

/** Jansen's estimates over the rows `idx` of one step's outputs `fs` (see {@link sobol}). */
function jansen(fs: Float64Array, idx: ArrayLike<number>, n: number, M: number): { mean: number; V: number; first: number[]; total: number[] } {
  const N = idx.length;
  let sum = 0;
  for (let r = 0; r < N; r++) sum += fs[idx[r]] + fs[n + idx[r]];
  const mean = sum / (2 * N);
  let ss = 0;
  for (let r = 0; r < N; r++) ss += (fs[idx[r]] - mean) ** 2 + (fs[n + idx[r]] - mean) ** 2;
  const V = ss / (2 * N - 1);
  const first: number[] = [], total: number[] = [];
  for (let i = 0; i < M - 2; i++) {
    const off = (i + 2) * n;
    let dB = 0, dA = 0;
    for (let r = 0; r < N; r++) {
      const j = idx[r], ab = fs[off + j];
      dB += (fs[n + j] - ab) ** 2;
      dA += (fs[j] - ab) ** 2;
    }
    first.push(V > 0 ? (V - dB / (2 * N)) / V : NaN);
    total.push(V > 0 ? dA / (2 * N) / V : NaN);
  }
  return { mean, V, first, total };
}

/** The percentile 95 % interval of the finite values of `x`. */
function interval(x: Float64Array): [number, number] {
  const finite = Float64Array.from(x.filter(Number.isFinite)).sort();
  return finite.length ? [percentileSorted(finite, 0.025), percentileSorted(finite, 0.975)] : [NaN, NaN];
}

/** The point estimates of one step and their bootstrap intervals over the resampled rows `samples`. */
function bootstrapped(fs: Float64Array, n: number, M: number, samples: readonly Int32Array[]) {
  const point = jansen(fs, Int32Array.from({ length: n }, (_, j) => j), n, M);
  const bf = point.first.map(() => new Float64Array(samples.length)), bt = point.first.map(() => new Float64Array(samples.length));
  samples.forEach((idx, b) => {
    const e = jansen(fs, idx, n, M);
    for (let i = 0; i < M - 2; i++) { bf[i][b] = e.first[i]; bt[i][b] = e.total[i]; }
  });
  return { point, first: bf.map(interval), total: bt.map(interval) };
}

/**
 * First- and total-order Sobol indices of an output with respect to the
 * scenario's uncertain inputs: the Saltelli design (matrices A and B of `n`
 * rows over the k inputs, from a source seeded by `seed`; AB_i is A with
 * column i from B), n(k + 2) runs, Jansen estimators (first order
 * S_i = (V − ½E[(f(B) − f(AB_i))²]) / V, total S_Ti = ½E[(f(A) − f(AB_i))²] / V,
 * V the variance over the rows of A and B) and percentile bootstrap 95 %
 * intervals (rows resampled, seeded).
 *
 * The model's outputs also depend on randomness that is not an input (the
 * AR(1) shocks, the approval draws, policies' choices). It is treated as one
 * more factor that is never swapped into AB_i: rows A_j and AB_i,j share it
 * (`createRandomSource(seed, j)`), while B_j has its own
 * (`createRandomSource(seed, n + j)`). The total index of an input is then
 * its share of the output's variance with that randomness held common
 * (f(A) and f(AB_i) differ only in the input), and the first-order index
 * is its share of the full variance, noise included. (Sharing the
 * randomness with B as well would turn the first-order estimator into the
 * closed index of the input together with the noise, biased upwards.)
 * Part of the variance therefore belongs to the noise, which is one reason
 * why the first-order indices sum to less than 1 (interactions are the
 * other); `noise: true` measures that part (n more runs), and
 * `switches: { noise: false }` in the scenario removes the shocks.
 *
 * @example
 * const s = await sobol(scenarios['apple-alibaba'], {
 *   output: { market: 'phones', metric: 'share', agent: 'apple', step: 24 }, n: 512, seed: 42,
 * });
 * s.at().inputs.map((i) => [i.path, i.first, i.firstCI, i.total, i.totalCI]);
 */
export async function sobol(scenario: ScenarioSpec | Plan, options: SobolOptions): Promise<SobolResult> {
  const plan = await prepareScenario(scenario);
  if (typeof options !== 'object' || options === null) throw new RivalsimError('Invalid options', 'options', options, '{ output, n, seed }');
  const { n, seed = 0, bootstrap = 200 } = options;
  if (!Number.isInteger(n) || n < 8) throw new RivalsimError('Invalid number of rows', 'n', n, 'an integer ≥ 8');
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw new RivalsimError('Invalid bootstrap', 'bootstrap', bootstrap, 'an integer ≥ 0');
  const { steps, value } = outputEvaluator(plan, options.output, options.steps);
  const inputs = analysedInputs(plan).map((i) => i.path);
  const k = inputs.length;
  if (k === 0) throw new RivalsimError('No uncertain inputs', 'scenario', plan.id, 'a scenario with at least one input drawn from a distribution');

  const withNoise = options.noise === true;
  const { design, M } = saltelliDesign(inputs, n, seed, withNoise);
  // f[s][m * n + j] for matrix m = 0 (A), 1 (B), 2 + i (AB_i), k + 2 (A's inputs with B's randomness).
  const f = steps.map(() => new Float64Array(M * n));
  await eachRun([plan], [design], { seed }, { from: 0, to: n * M }, (i, [result]) => {
    const j = Math.floor(i / M), m = i % M;
    for (let s = 0; s < steps.length; s++) f[s][m * n + j] = value(result, s);
  });

  const boot = createRandomSource(`${seed}|sobol-bootstrap`);
  const samples: Int32Array[] = [];
  for (let b = 0; b < bootstrap; b++) samples.push(Int32Array.from({ length: n }, () => Math.floor(boot() * n)));

  const out: SobolStep[] = f.map((fs, s) => {
    const { point, first, total } = bootstrapped(fs, n, M, samples);
    const index = (path: string, i: number): SobolIndex => ({ path, first: point.first[i], firstCI: first[i], total: point.total[i], totalCI: total[i] });
    return {
      step: steps[s], mean: point.mean, variance: point.V,
      inputs: inputs.map(index),
      ...(withNoise ? { noise: index('(noise)', k) } : {}),
    };
  });
  return displayAs(SobolDisplay, {
    output: outputLabel(options.output), n, seed, runs: n * M, bootstrap, dates: plan.dates, inputs, steps: out,
    labels: { ...Object.fromEntries(inputs.map((path) => [path, inputLabel(plan, path)])), ...(withNoise ? { '(noise)': 'other randomness (noise)' } : {}) },
    at: (step?: number) => stepAt(out, step),
  });
}
