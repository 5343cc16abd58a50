/**
 * Calibration: parameters solved so that the starting state is an
 * equilibrium of the model. Pure functions over plain arrays.
 */

/**
 * Loyalties from repurchase rates, in a stationary replacement market.
 *
 * With target shares `s`, switching fractions `y = 1 − loyalty` and
 * `D = Σ s_i y_i`, stationarity needs the logit choice probabilities
 * `P_j = s_j y_j / D`, and a brand's repurchase rate is
 * `R_j = (1 − y_j) + y_j P_j`. Solving `R_j = 1 − y_j + (s_j / D) y_j²` for
 * each brand with a repurchase rate, and iterating on `D`, gives the
 * loyalties. A brand whose repurchase rate is below its own choice
 * probability gets loyalty 0 (`clamped` lists it); loyalties are capped at
 * 0.999, so a repurchase rate of 1 is reproduced as closely as that allows.
 * Entries with a fixed loyalty keep it.
 *
 * @example
 * const { loyalty } = solveLoyalty([0.5, 0.5], [0.6, 0.6], [undefined, undefined]);
 * loyalty; // => [0.2, 0.2]   (R = 0.2 + 0.8 · 0.5)
 */
export function solveLoyalty(
  shares: readonly number[],
  repurchaseRate: ReadonlyArray<number | undefined>,
  fixedLoyalty: ReadonlyArray<number | undefined>,
  defaultLoyalty = 0.3,
): { loyalty: number[]; clamped: number[] } {
  const n = shares.length;
  // Switching fractions y = 1 − loyalty. For a brand with repurchase rate R,
  // R = 1 − y (1 − P) gives y = (1 − R) / (1 − P), with P = s y / Σ s y.
  // Iterate on P (damped) until the fixed point.
  const solved = (j: number) => repurchaseRate[j] !== undefined && fixedLoyalty[j] === undefined && shares[j] > 0;
  const y = shares.map((_, j) => 1 - (fixedLoyalty[j] ?? defaultLoyalty));
  let p = shares.slice();
  const clamped = new Set<number>();
  for (let iter = 0; iter < 10_000; iter++) {
    clamped.clear();
    for (let j = 0; j < n; j++) {
      if (!solved(j)) continue;
      const v = (1 - repurchaseRate[j]!) / Math.max(1e-300, 1 - p[j]);
      if (v > 1) clamped.add(j);
      // Loyalty is capped at 0.999 (as declared loyalties are): a brand must keep some switchers.
      y[j] = Math.min(1, Math.max(0.001, v));
    }
    let d = 0;
    for (let j = 0; j < n; j++) d += shares[j] * y[j];
    let change = 0;
    const next = shares.map((sj, j) => (d > 0 ? (sj * y[j]) / d : 0));
    for (let j = 0; j < n; j++) {
      change = Math.max(change, Math.abs(next[j] - p[j]));
      next[j] = 0.5 * p[j] + 0.5 * next[j];
    }
    p = next;
    if (change < 1e-15) break;
  }
  return { loyalty: y.map((v) => 1 - v), clamped: [...clamped] };
}

/**
 * Choice probabilities that keep shares stationary: with switching fractions
 * `y`, turnover `m` (share of users in market per month) and growth `g`
 * (new adopters per user per month), `P_j = s_j (g + m y_j) / (m Σ s_i y_i + g)`.
 * For a replacement market (g = 0) this is `s_j y_j / Σ s_i y_i`; with equal
 * loyalties it is the shares themselves.
 *
 * @example
 * equilibriumChoice([0.25, 0.75], [0.5, 0.5], 0.2, 0.01); // => [0.25, 0.75]
 */
export function equilibriumChoice(shares: readonly number[], switching: readonly number[], turnover: number, growth: number): number[] {
  let d = 0;
  for (let j = 0; j < shares.length; j++) d += shares[j] * switching[j];
  const denom = turnover * d + growth;
  // Nobody chooses (no turnover, no growth): any choice keeps shares still; take the shares.
  if (!(denom > 0)) return shares.slice();
  return shares.map((s, j) => (s * (growth + turnover * switching[j])) / denom);
}

/**
 * Utility intercepts so that the logit reproduces target choice
 * probabilities. `base[j]` is the rest of slot j's utility at the start;
 * `lifts`, when given, holds 12 monthly lift vectors (product cycles) and the
 * intercepts then match the *yearly mean* of the monthly choice
 * probabilities (a fixed-point iteration). Inactive slots get 0.
 *
 * @example
 * const a = solveIntercepts([0.25, 0.75], [0, 0], [1, 1]);
 * Math.exp(a[1] - a[0]); // => 3
 */
export function solveIntercepts(
  target: readonly number[],
  base: readonly number[],
  active: ArrayLike<number>,
  lifts?: ReadonlyArray<ArrayLike<number>>,
): number[] {
  const n = target.length;
  const alpha = target.map((p, j) => (active[j] ? Math.log(p) - base[j] : 0));
  if (!lifts || lifts.length === 0) return alpha;
  const mean = new Array<number>(n);
  for (let iter = 0; iter < 200; iter++) {
    mean.fill(0);
    for (const lift of lifts) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (active[j]) max = Math.max(max, alpha[j] + base[j] + lift[j]);
      let sum = 0;
      const e = new Array<number>(n);
      for (let j = 0; j < n; j++) { e[j] = active[j] ? Math.exp(alpha[j] + base[j] + lift[j] - max) : 0; sum += e[j]; }
      for (let j = 0; j < n; j++) mean[j] += e[j] / sum / lifts.length;
    }
    let worst = 0;
    for (let j = 0; j < n; j++) {
      if (!active[j]) continue;
      const step = Math.log(target[j] / mean[j]);
      worst = Math.max(worst, Math.abs(step));
      alpha[j] += step;
    }
    if (worst < 1e-13) break;
  }
  return alpha;
}
