/**
 * Maximum a posteriori fit with a Laplace posterior — the second
 * calibration method.
 *
 * Each fitted input θₖ is mapped to an unconstrained uₖ (logit of its
 * position within a bounded prior's support, log of a lognormal, identity
 * for an unbounded normal). The objective is the negative log posterior
 * density in u,
 *
 *     f(u) = −[ log p(y | ŷ(θ(u))) + log π(θ(u)) + log |dθ/du| ],
 *
 * with p(y | ŷ) the tracker-error model's marginal likelihood
 * (`likelihood.ts`) and ŷ the mean of `runs` model runs on common random
 * numbers (the same streams at every θ: a sample-average approximation,
 * so f is a deterministic function of u). It is minimised by Nelder–Mead
 * (Nelder & Mead 1965, The Computer Journal 7:308–313; adaptive
 * coefficients of Gao & Han 2012, Comput. Optim. Appl. 51:259–277),
 * restarted once from its best point. The posterior is then the Laplace
 * approximation (Tierney & Kadane 1986, JASA 81:82–86): Gaussian in u
 * around the optimum û with covariance H⁻¹, H the central-difference
 * Hessian of f at û; `draws` equally weighted draws mapped back to θ.
 */
import { sampleNumeric, meanOf, type Distribution } from '../random/distributions.js';
import { createRandomSource, type Seed } from '../random/source.js';
import type { CalibrationProgress } from './abc.js';
import { logLikelihood } from './likelihood.js';
import { logPriorOf, type FittedInput } from './priors.js';
import { ParticleSimulator, type FitProblem } from './simulator.js';
import type { WeightedSample } from './summarise.js';
import { choleskyFactor, standardNormal } from './weighted.js';

/** A bijection between a prior's support and the real line. */
interface Transform { toU(x: number): number; fromU(u: number): number; logJacobian(u: number): number }

function boundsOf(d: Distribution): [number, number] {
  switch (d.dist) {
    case 'uniform': case 'triangular': case 'pert': return [d.min, d.max];
    case 'beta': return [d.min ?? 0, d.max ?? 1];
    case 'normal': return [d.min ?? -Infinity, d.max ?? Infinity];
    case 'lognormal': return [0, Infinity];
    default: return [-Infinity, Infinity];
  }
}

/**
 * The unconstrained coordinate of a prior's support.
 *
 * @example
 * transformOf({ dist: 'uniform', min: 0, max: 2 }).toU(1); // => 0
 */
export function transformOf(d: Distribution): Transform {
  const [lo, hi] = boundsOf(d);
  const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));
  if (Number.isFinite(lo) && Number.isFinite(hi)) {
    const w = hi - lo;
    return {
      toU: (x) => { const p = Math.min(1 - 1e-9, Math.max(1e-9, (x - lo) / w)); return Math.log(p / (1 - p)); },
      fromU: (u) => lo + w * sigmoid(u),
      logJacobian: (u) => Math.log(w) + Math.log(sigmoid(u)) + Math.log(1 - sigmoid(u)),
    };
  }
  if (Number.isFinite(lo)) return { toU: (x) => Math.log(Math.max(x - lo, 1e-300)), fromU: (u) => lo + Math.exp(u), logJacobian: (u) => u };
  if (Number.isFinite(hi)) return { toU: (x) => Math.log(Math.max(hi - x, 1e-300)), fromU: (u) => hi - Math.exp(u), logJacobian: (u) => u };
  return { toU: (x) => x, fromU: (u) => u, logJacobian: () => 0 };
}

/** Settings of {@link mapLaplace}. */
export interface MapLaplaceOptions {
  draws: number;
  runs: number;
  seed: Seed;
  maxEvaluations: number;
  onProgress?: (p: CalibrationProgress) => void;
  signal?: AbortSignal;
}

/** What {@link mapLaplace} returns. */
export interface MapLaplaceResult {
  sample: WeightedSample;
  stopped: string;
  simulations: number;
  settings: { optimum: number[]; objective: number; evaluations: number; hessianRidge: boolean };
}

function abortError(): Error {
  const e = new Error('The calibration was aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * Finds the posterior mode and its Laplace approximation (see the module comment).
 *
 * @example
 * const { sample } = await mapLaplace(problem, { draws: 200, runs: 8, seed: 1, maxEvaluations: 600 });
 */
export async function mapLaplace(problem: FitProblem, o: MapLaplaceOptions): Promise<MapLaplaceResult> {
  const inputs = problem.inputs, d = inputs.length;
  const transforms = inputs.map((p) => transformOf(p.prior));
  const crn = new ParticleSimulator(problem, o.runs);
  const started = Date.now();
  let evaluations = 0, best = Infinity;
  const report = (stage: number, done: number, total: number) => o.onProgress?.({
    method: 'mle', generation: stage, generations: 2, done, total, simulations: crn.simulations, tolerance: best, elapsedMs: Date.now() - started,
  });
  const objective = (u: number[]): number => {
    if (o.signal?.aborted) throw abortError();
    evaluations++;
    const theta = u.map((x, k) => transforms[k].fromU(x));
    const prior = logPriorOf(inputs, theta);
    if (prior === -Infinity) return Infinity;
    const e = crn.evaluate(theta, `${o.seed}|mle`);
    const f = -(logLikelihood(problem.model, e.residuals, problem.bias, problem.noisePrior) + prior + u.reduce((s, x, k) => s + transforms[k].logJacobian(x), 0));
    if (f < best) best = f;
    if (evaluations % 25 === 0) report(0, Math.min(evaluations, o.maxEvaluations), o.maxEvaluations);
    return Number.isFinite(f) ? f : Infinity;
  };
  const start = inputs.map((p, k) => transforms[k].toU(startOf(p)));
  let search = await nelderMead(objective, start, Math.floor(o.maxEvaluations / 2));
  search = await nelderMead(objective, search.x, o.maxEvaluations - evaluations);
  report(1, 0, o.draws);
  const { L, ridge } = precisionFactor(objective, search.x, search.f);
  const rng = createRandomSource(`${o.seed}|laplace`);
  const sim = new ParticleSimulator(problem, o.runs);
  const theta: Float64Array[] = [], evals = [];
  for (let i = 0; i < o.draws; i++) {
    if (o.signal?.aborted) throw abortError();
    const u = offsetByInverseTranspose(L, Array.from({ length: d }, () => standardNormal(rng))).map((z, k) => search.x[k] + z);
    const t = Float64Array.from(u, (x, k) => transforms[k].fromU(x));
    theta.push(t);
    evals.push(sim.evaluate(t, `${o.seed}|laplace|${i}`));
    if ((i + 1) % 16 === 0 || i + 1 === o.draws) { report(1, i + 1, o.draws); await new Promise((r) => setTimeout(r, 0)); }
  }
  return {
    sample: { theta, weights: new Float64Array(o.draws).fill(1 / o.draws), evaluations: evals },
    stopped: `${search.converged ? 'converged' : 'stopped at the evaluation limit'} after ${evaluations} objective evaluations; Laplace posterior from ${o.draws} draws`,
    simulations: crn.simulations + sim.simulations,
    settings: { optimum: search.x.map((x, k) => transforms[k].fromU(x)), objective: search.f, evaluations, hessianRidge: ridge },
  };
}

/** A starting point inside the prior's support: its mean (or a draw when the mean is not finite). */
function startOf(p: FittedInput): number {
  const m = meanOf(p.prior);
  return Number.isFinite(m) ? m : sampleNumeric(p.prior, createRandomSource('start'));
}

/**
 * Nelder–Mead minimisation with the dimension-adaptive coefficients of Gao
 * & Han (2012); stops when the simplex's function values agree to 1e-7 or
 * after `budget` evaluations.
 */
async function nelderMead(f: (x: number[]) => number, x0: number[], budget: number): Promise<{ x: number[]; f: number; converged: boolean }> {
  const n = x0.length;
  const alpha = 1, gamma = 1 + 2 / n, rho = 0.75 - 1 / (2 * n), sigma = 1 - 1 / n;
  let simplex = [x0, ...x0.map((_, k) => x0.map((v, j) => (j === k ? v + 0.5 : v)))].map((x) => ({ x, f: f(x) }));
  let used = n + 1;
  const point = (c: number[], towards: number[], t: number) => c.map((v, k) => v + t * (towards[k] - v));
  while (used < budget) {
    simplex.sort((a, b) => a.f - b.f);
    if (Math.abs(simplex[n].f - simplex[0].f) <= 1e-7 * (1 + Math.abs(simplex[0].f))) return { ...simplex[0], converged: true };
    const centroid = x0.map((_, k) => simplex.slice(0, n).reduce((s, p) => s + p.x[k], 0) / n);
    const worst = simplex[n];
    const xr = point(centroid, worst.x, -alpha), fr = f(xr); used++;
    if (fr < simplex[0].f) {
      const xe = point(centroid, worst.x, -gamma), fe = f(xe); used++;
      simplex[n] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
    } else if (fr < simplex[n - 1].f) {
      simplex[n] = { x: xr, f: fr };
    } else {
      const outside = fr < worst.f;
      const xc = point(centroid, outside ? xr : worst.x, rho), fc = f(xc); used++;
      if (fc < (outside ? fr : worst.f)) simplex[n] = { x: xc, f: fc };
      else {
        simplex = simplex.map((p, i) => (i === 0 ? p : { x: point(simplex[0].x, p.x, sigma), f: NaN }));
        for (let i = 1; i <= n; i++) { simplex[i].f = f(simplex[i].x); used++; }
      }
    }
    if (used % 50 < 3) await new Promise((r) => setTimeout(r, 0));
  }
  simplex.sort((a, b) => a.f - b.f);
  return { ...simplex[0], converged: false };
}

/** Cholesky factor of the central-difference Hessian of f at x (a ridge added when it is not positive definite). */
function precisionFactor(f: (x: number[]) => number, x: number[], fx: number): { L: number[][]; ridge: boolean } {
  const n = x.length, h = 0.02;
  const at = (dx: Record<number, number>) => f(x.map((v, k) => v + (dx[k] ?? 0)));
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    H[i][i] = (at({ [i]: h }) - 2 * fx + at({ [i]: -h })) / (h * h);
    for (let j = 0; j < i; j++) {
      const v = (at({ [i]: h, [j]: h }) - at({ [i]: h, [j]: -h }) - at({ [i]: -h, [j]: h }) + at({ [i]: -h, [j]: -h })) / (4 * h * h);
      H[i][j] = H[j][i] = Number.isFinite(v) ? v : 0;
    }
    if (!(H[i][i] > 0)) H[i][i] = 1; // flat or unstable direction: unit precision in u
  }
  const L = choleskyFactor(H);
  const ridge = L.some((row, i) => Math.abs(row[i] * row[i] + row.slice(0, i).reduce((s, v) => s + v * v, 0) - H[i][i]) > 1e-9 * Math.abs(H[i][i]));
  return { L, ridge };
}

/** Solves Lᵀ y = z (back substitution): y ~ N(0, (L Lᵀ)⁻¹) when z ~ N(0, I). */
function offsetByInverseTranspose(L: number[][], z: number[]): number[] {
  const n = z.length, y = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * y[k];
    y[i] = s / L[i][i];
  }
  return y;
}
