/**
 * `sensitivity`: what drives an output, from a plain Monte Carlo sample —
 * rank correlations, standardised regression coefficients and a tornado
 * (mean output with each input in its bottom vs top decile), as @RISK does.
 */
import { RivalsimError } from '../errors.js';
import { inputLabel } from '../montecarlo/labels.js';
import { SensitivityDisplay, displayAs, type Displayable } from './displayable.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import { eachRun } from '../montecarlo/runner.js';
import type { Seed } from '../random/source.js';
import { analysedInputs, outputEvaluator, outputLabel, stepAt, type AnalysisOutput } from './common.js';
import { bootstrapSensitivity, type BootstrapEstimate } from './bootstrap.js';
import { meanSd, percentileSorted, spearman, standardisedRegression } from './stats.js';

/**
 * Options of {@link sensitivity}.
 *
 * @example
 * const options: SensitivityOptions = { output: { market: 'phones', metric: 'share', agent: 'apple', step: 24 }, runs: 2000, seed: 42 };
 */
export interface SensitivityOptions {
  /** The output to explain: a cell (default step: the horizon) or a function of a run. */
  output: AnalysisOutput;
  /** Monte Carlo runs (an integer ≥ 10). */
  runs: number;
  /** Seed; run r uses `createRandomSource(seed, r)` as in `simulate`. Default 0. */
  seed?: Seed;
  /** Analyse each of these steps (sensitivity over time) instead of one. */
  steps?: number[];
  /** Bootstrap resamples for the measures’ standard errors and 95 % intervals (0 for none). Default 100. */
  bootstrap?: number;
}

/**
 * The sensitivity of the output to one uncertain input.
 *
 * @example
 * // { path: 'events[0].adoption', rankCorrelation: 0.62, src: 0.58,
 * //   inputP10: 0.29, inputP90: 0.61, lowMean: 0.151, highMean: 0.172, swing: 0.021, lowRuns: 200, highRuns: 200 }
 */
export interface InputSensitivity {
  /** Declaration path of the input. */
  path: string;
  /** Spearman rank correlation of input and output. */
  rankCorrelation: number;
  /** Standardised regression coefficient (NaN if the input or the output is constant). */
  src: number;
  /** The input's P10 and P90 in the sample. */
  inputP10: number;
  inputP90: number;
  /** Mean output over runs with the input ≤ its P10, and ≥ its P90. */
  lowMean: number;
  highMean: number;
  /** highMean − lowMean (the tornado bar). */
  swing: number;
  lowRuns: number;
  highRuns: number;
  /** Bootstrap standard errors and 95 % percentile intervals of the measures (absent with `bootstrap: 0`). */
  errors?: { rankCorrelation: BootstrapEstimate; src: BootstrapEstimate; swing: BootstrapEstimate };
}

/**
 * The sensitivity at one step: the inputs in tornado order (largest |swing| first).
 *
 * @example
 * s.steps[0].inputs[0].path; // the input with the widest tornado bar
 * // as tornado chart entries:
 * s.steps[0].inputs.map((i) => ({ input: i.path, low: i.lowMean, high: i.highMean, base: s.steps[0].mean }));
 */
export interface SensitivityStep {
  step: number;
  /** Mean and sd of the output. */
  mean: number;
  sd: number;
  /** R² of the linear regression behind the SRCs (low R² = the SRCs explain little). */
  r2: number;
  inputs: InputSensitivity[];
}

/**
 * Result of {@link sensitivity}.
 *
 * @example
 * const top = result.at(24).inputs[0];
 */
export interface SensitivityResult extends Displayable {
  output: string;
  runs: number;
  seed: Seed;
  /** Uncertain inputs analysed (declaration order). */
  inputs: string[];
  /** Readable label of each input's path (`events[0].adoption` → `apple+alibaba · adoption`, see `inputLabel`), for charts and tables. */
  labels?: Record<string, string>;
  /** Inputs left out because they were constant or not sampled in every run. */
  skipped: string[];
  steps: SensitivityStep[];
  /** The analysis at step `t` (default: the first analysed step). */
  at(step?: number): SensitivityStep;
}

/**
 * Sensitivity of an output to the scenario's uncertain inputs from `runs`
 * plain Monte Carlo runs (run r on `createRandomSource(seed, r)`, so the
 * same runs as `simulate(scenario, { runs, seed })`): per input the
 * Spearman rank correlation, the standardised regression coefficient
 * (least squares on standardised inputs) and a tornado entry (mean output
 * with the input in its bottom decile vs its top decile), sorted by swing,
 * each with a bootstrap standard error and 95 % interval (`errors`; Efron &
 * Tibshirani 1993: the runs resampled, every measure recomputed).
 * With `steps`, the same at each step (sensitivity over time).
 *
 * @example
 * const s = await sensitivity(scenarios['apple-alibaba'], {
 *   output: { market: 'phones', metric: 'share', agent: 'apple', step: 24 }, runs: 2000, seed: 42,
 * });
 * s.at().inputs.slice(0, 3).map((i) => [i.path, i.rankCorrelation, i.src, i.swing]);
 */
export async function sensitivity(scenario: ScenarioSpec | Plan, options: SensitivityOptions): Promise<SensitivityResult> {
  const plan = await prepareScenario(scenario);
  if (typeof options !== 'object' || options === null) throw new RivalsimError('Invalid options', 'options', options, '{ output, runs, seed }');
  const { runs, seed = 0, bootstrap: resamples = 100 } = options;
  if (!Number.isInteger(runs) || runs < 10) throw new RivalsimError('Invalid number of runs', 'runs', runs, 'an integer ≥ 10');
  if (!Number.isInteger(resamples) || (resamples !== 0 && resamples < 10)) throw new RivalsimError('Invalid bootstrap', 'bootstrap', resamples, 'an integer ≥ 10, or 0 for none');
  const { steps, value } = outputEvaluator(plan, options.output, options.steps);
  const declared = analysedInputs(plan);
  const X = declared.map(() => new Float64Array(runs));
  const Y = steps.map(() => new Float64Array(runs));
  await eachRun([plan], [], { seed }, { from: 0, to: runs }, (r, [result]) => {
    declared.forEach((input, i) => { const v = result.inputs[input.path]; X[i][r] = v === undefined ? NaN : v; });
    for (let s = 0; s < steps.length; s++) Y[s][r] = value(result, s);
  });
  const keep: number[] = [];
  const skipped: string[] = [];
  declared.forEach((input, i) => {
    const x = X[i];
    const ok = x.every(Number.isFinite) && x.some((v) => v !== x[0]);
    if (ok) keep.push(i); else skipped.push(input.path);
  });
  const cols = keep.map((i) => X[i]);
  // Decile membership depends on the inputs only: compute it once.
  const deciles = cols.map((x) => {
    const sorted = Float64Array.from(x).sort();
    const low = percentileSorted(sorted, 0.1), high = percentileSorted(sorted, 0.9);
    const lowIdx: number[] = [], highIdx: number[] = [];
    for (let r = 0; r < runs; r++) { if (x[r] <= low) lowIdx.push(r); if (x[r] >= high) highIdx.push(r); }
    return { low, high, lowIdx, highIdx };
  });
  const mean = (y: Float64Array, idx: number[]): number => idx.reduce((s, r) => s + y[r], 0) / idx.length;
  const out: SensitivityStep[] = steps.map((step, s) => {
    const y = Y[s];
    const { mean: m, sd } = meanSd(y);
    const reg = standardisedRegression(cols, y);
    const errors = resamples > 0 && cols.length > 0 ? bootstrapSensitivity(cols, y, { resamples, seed: `${seed}|sensitivity|${step}` }) : undefined;
    const inputs = keep.map((i, j): InputSensitivity => {
      const d = deciles[j];
      const lowMean = mean(y, d.lowIdx), highMean = mean(y, d.highIdx);
      const rc = spearman(cols[j], y);
      return {
        path: declared[i].path, rankCorrelation: Number.isNaN(rc) ? 0 : rc, src: reg.coefficients[j],
        inputP10: d.low, inputP90: d.high, lowMean, highMean, swing: highMean - lowMean, lowRuns: d.lowIdx.length, highRuns: d.highIdx.length,
        ...(errors ? { errors: errors[j] } : {}),
      };
    });
    inputs.sort((a, b) => Math.abs(b.swing) - Math.abs(a.swing) || Math.abs(b.rankCorrelation) - Math.abs(a.rankCorrelation));
    return { step, mean: m, sd, r2: reg.r2, inputs };
  });
  return displayAs(SensitivityDisplay, {
    output: outputLabel(options.output), runs, seed, inputs: keep.map((i) => declared[i].path), skipped, steps: out,
    labels: Object.fromEntries(declared.map((i) => [i.path, inputLabel(plan, i.path)])),
    at: (step?: number) => stepAt(out, step),
  });
}
