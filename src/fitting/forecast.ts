/**
 * Ensemble forecasts of tracker figures: run a scenario (optionally on a
 * posterior), aggregate each run to the figures' periods, and add each
 * tracker's noise, so the forecast is of what the tracker will publish —
 * not only of the market's true value.
 */
import type { Plan } from '../model/compile.js';
import type { PosteriorDraws } from '../montecarlo/design.js';
import { runLoop, type Progress } from '../montecarlo/runner.js';
import { createRandomSource, type Seed } from '../random/source.js';
import { observationPredictor } from './aggregate.js';
import { transformed, untransformed } from './likelihood.js';
import type { ObservationRow } from './observations.js';
import { standardNormal } from './weighted.js';

/**
 * Options of {@link forecastFigures}.
 *
 * @example
 * const o: ForecastOptions = { runs: 500, seed: 1, noise: (row) => ({ scale: 0.08, bias: 0 }) };
 */
export interface ForecastOptions {
  runs: number;
  seed: Seed;
  posterior?: PosteriorDraws;
  /** The tracker noise of a row on the comparison scale (logit or log); none when absent. */
  noise?: (row: ObservationRow) => { scale: number; bias: number };
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

/**
 * For each row, the `runs` forecast values, sorted ascending. Run r uses
 * the stream of (seed, r) (and posterior draw r); row i's noise uses the
 * stream of (seed, i): the forecast is the same however it is batched.
 *
 * @example
 * const ensembles = await forecastFigures(plan, heldBack, { runs: 500, seed: 1 });
 * ensembles[0].length; // => 500
 */
export async function forecastFigures(plan: Plan, rows: readonly ObservationRow[], options: ForecastOptions): Promise<Float64Array[]> {
  const predictor = observationPredictor(plan, rows);
  const n = rows.length, R = options.runs;
  const values = rows.map(() => new Float64Array(R));
  const scratch = new Float64Array(n);
  await runLoop([plan], { runs: R, seed: options.seed, posterior: options.posterior, onProgress: options.onProgress, signal: options.signal }, (r, [run]) => {
    predictor.predict(run, scratch);
    for (let i = 0; i < n; i++) values[i][r] = scratch[i];
  });
  rows.forEach((row, i) => {
    const noise = options.noise?.(row);
    if (noise && Number.isFinite(noise.scale) && noise.scale > 0) {
      const share = row.metric === 'share';
      const rng = createRandomSource(`${options.seed}|tracker-noise`, i);
      const v = values[i];
      for (let r = 0; r < R; r++) v[r] = untransformed(transformed(v[r], share) + noise.bias + noise.scale * standardNormal(rng), share);
    }
    values[i].sort();
  });
  return values;
}
