/**
 * Node-only: the size of a study, checked before it runs. A study's
 * summaries hold, per market, statistics for every (metric, agent, month)
 * cell and, when quantiles are asked (`--csv`, `--json`, `--out`, the
 * tables' quantiles), a histogram per cell of 8–20 KB allocated up front:
 * memory grows with markets × agents × metrics × months, and flows add one
 * metric per brand (agents² in a device market). The limit turns an
 * out-of-memory crash minutes in into one line at once.
 */
import { createWorld } from '../model/world.js';
import type { Plan } from '../model/compile.js';
import { RivalsimError } from '../errors.js';

/**
 * The most summary cells (Σ markets agents × metrics × (horizon + 1)) a
 * study may hold: with histograms (the default) about 8–20 KB each, so up
 * to 2–4 GB at the limit; without them (no quantiles) 48 bytes each.
 *
 * @example
 * STUDY_LIMITS.cells; // => 200000
 */
export const STUDY_LIMITS = { cells: 200_000, cellsWithoutHistograms: 20_000_000 } as const;

/**
 * The cells a study of `plan` summarises: per market, its agents × the
 * metrics kept (`share` and those in `metrics`; all when undefined) ×
 * (horizon + 1), read from the layout of one world at its start.
 *
 * @example
 * studyCells(plan, []); // => agents × (horizon + 1), summed over markets (share only)
 */
export function studyCells(plan: Plan, metrics: readonly string[] | undefined): { cells: number; largest: string } {
  const markets = createWorld(plan, { seed: 0 }).runView().markets;
  let cells = 0, largest = '', most = -1;
  for (const m of markets) {
    const kept = metrics ? m.metrics.filter((k) => k === 'share' || metrics.includes(k)).length : m.metrics.length;
    const c = m.agents.length * kept * (plan.horizon + 1);
    cells += c;
    if (c > most) { most = c; largest = `${m.id}: ${m.agents.length} agents × ${kept} metrics × ${plan.horizon + 1} months`; }
  }
  return { cells, largest };
}

/**
 * Checks a study's size against {@link STUDY_LIMITS} before it runs; a
 * {@link RivalsimError} says how large it is and what makes it smaller.
 *
 * @example
 * checkStudySize(plan, undefined, true); // throws when plan has too many agents × metrics × months
 */
export function checkStudySize(plan: Plan, metrics: readonly string[] | undefined, histograms: boolean): void {
  const limit = histograms ? STUDY_LIMITS.cells : STUDY_LIMITS.cellsWithoutHistograms;
  const { cells, largest } = studyCells(plan, metrics);
  if (cells > limit) {
    throw new RivalsimError('Study too large', 'metrics', `${cells.toLocaleString('en-US')} summary cells`,
      `at most ${limit.toLocaleString('en-US')} cells (markets' agents × metrics × months${histograms ? ', each with a histogram of 8–20 KB' : ''})`,
      `The largest market is ${largest}: summarise fewer metrics (--metrics share,sales), a shorter horizon (--horizon), or fewer agents`);
  }
}
