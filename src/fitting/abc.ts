/**
 * Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC,
 * population Monte Carlo form):
 *
 * - Toni, Welch, Strelkowa, Ipsen & Stumpf (2009), "Approximate Bayesian
 *   computation scheme for parameter inference and model selection in
 *   dynamical systems", J. R. Soc. Interface 6:187–202 — the sequence of
 *   populations with decreasing tolerances ε₁ > ε₂ > …;
 * - Beaumont, Cornuet, Marin & Robert (2009), "Adaptive approximate
 *   Bayesian computation", Biometrika 96:983–990 — the Gaussian
 *   perturbation kernel with twice the previous population's weighted
 *   covariance, and the importance weights
 *   wᵢ ∝ π(θᵢ) / Σⱼ wⱼ K(θᵢ | θⱼ) that make the population a sample of the
 *   ABC posterior;
 * - Del Moral, Doucet & Jasra (2012), "An adaptive sequential Monte Carlo
 *   method for approximate Bayesian computation", Stat. Comput.
 *   22:1009–1020 — choosing each tolerance from the previous population
 *   rather than fixing the schedule in advance; here εₜ is the weighted
 *   α-quantile (default α = 0.5) of the previous population's distances
 *   (as also in Drovandi & Pettitt 2011, Biometrics 67:225–233).
 *
 * Generation 0 draws the particles from the prior (ε₀ = ∞). Generation t
 * draws each particle by picking an ancestor by weight, perturbing it, and
 * simulating until its distance is within εₜ. The fit stops after
 * `generations`, when the acceptance rate falls below
 * `minAcceptanceRate`, when εₜ reaches `tolerance`, or when a particle
 * needs more than `maxAttempts` proposals (that generation is then dropped
 * and the previous population returned).
 *
 * Determinism: particle i of generation t draws from the stream of
 * (seed, t, i), and its k-th proposal's model runs from the stream of
 * (seed, t, i, k): the population depends on the seed alone, never on the
 * order or batching in which particles are computed.
 */
import { RivalsimError } from '../errors.js';
import { sampleNumeric } from '../random/distributions.js';
import { createRandomSource, type Seed } from '../random/source.js';
import { logPriorOf } from './priors.js';
import { ParticleSimulator, type Evaluation, type FitProblem } from './simulator.js';
import {
  choleskyFactor, cumulative, effectiveSampleSize, halfMahalanobis, normaliseLogWeights, pickIndex, standardNormal,
  weightedCovariance, weightedMoments, weightedQuantiles,
} from './weighted.js';

/**
 * Progress of a calibration, reported after each batch of particles (ABC)
 * or each iteration (MLE).
 *
 * @example
 * calibrate(s, obs, { onProgress: (p) => console.error(`generation ${p.generation}: ${p.done}/${p.total}, ε = ${p.tolerance}`) });
 */
export interface CalibrationProgress {
  method: 'abc-smc' | 'mle';
  /** Generation (ABC) or stage (MLE: 0 search, 1 curvature), from 0. */
  generation: number;
  /** Most generations (or stages). */
  generations: number;
  /** Particles (or evaluations) done in this generation, of `total`. */
  done: number;
  total: number;
  /** Model runs so far. */
  simulations: number;
  /** Current tolerance (ABC) or best distance (MLE). */
  tolerance: number;
  elapsedMs: number;
}

/** One generation's record. */
export interface GenerationDiagnostics {
  generation: number;
  /** εₜ: particles were kept when their distance was within it (Infinity for generation 0). */
  tolerance: number;
  /** Particles kept / proposals made. */
  acceptanceRate: number;
  proposals: number;
  /** Model runs in this generation. */
  simulations: number;
  effectiveSampleSize: number;
  /** Weighted mean and sd of each fitted input, in the order of the inputs. */
  mean: number[];
  sd: number[];
  /** Weighted median distance of the population. */
  medianDistance: number;
  elapsedMs: number;
}

/**
 * Settings of ABC-SMC.
 *
 * @example
 * const o: AbcOptions = { particles: 200, generations: 8, runsPerParticle: 1, quantile: 0.5, seed: 42 };
 */
export interface AbcOptions {
  particles: number;
  generations: number;
  runsPerParticle: number;
  /** α: the next tolerance is the α-quantile of the distances. */
  quantile: number;
  /** Stop when the acceptance rate falls below this. */
  minAcceptanceRate: number;
  /** Stop when the tolerance reaches this. */
  tolerance: number;
  /** Proposals a particle may make before the generation is given up. */
  maxAttempts: number;
  /** Particles computed between progress reports (and yields to the event loop). */
  batchSize: number;
  seed: Seed;
  onProgress?: (p: CalibrationProgress) => void;
  signal?: AbortSignal;
  /**
   * Draws a batch of particles elsewhere (e.g. on worker threads: see
   * `rivalsim/node`'s `calibrate`); default: in this thread. Each particle
   * is a pure function of (problem, seed, t, i, kernel, ε), so the
   * population is bit-identical wherever it is drawn.
   */
  drawer?: ParticleDrawer;
}

/**
 * The proposal kernel of generation t as plain data: the previous
 * population's particles, their cumulative weights and the Cholesky factor
 * L of the step's covariance 2Σ.
 *
 * @example
 * const k: ProposalKernel = { theta: [Float64Array.of(0.4)], cumulative: Float64Array.of(1), L: [[0.05]] };
 */
export interface ProposalKernel { theta: Float64Array[]; cumulative: Float64Array; L: number[][] }

/**
 * A drawn particle: its inputs, evaluation, proposals made and model runs
 * spent — or, when it needed more than `maxAttempts` proposals, `undefined`
 * with the runs spent.
 *
 * @example
 * // { theta: Float64Array [0.41], evaluation: { distance: 0.05, … }, proposals: 3, simulations: 3 }
 */
export interface DrawnParticle { theta?: Float64Array; evaluation?: Evaluation; proposals: number; simulations: number }

/**
 * What draws the particles `indices` of generation `t` (generation 0: no
 * kernel, from the prior) within tolerance `epsilon`, in the order asked.
 *
 * @example
 * const inThread: ParticleDrawer = async ({ t, indices, kernel, epsilon }) => indices.map((i) => drawParticle(problem, sim, settings, t, i, kernel, epsilon));
 */
export type ParticleDrawer = (request: { t: number; indices: number[]; kernel: ProposalKernel | undefined; epsilon: number }) => Promise<DrawnParticle[]>;

/** A weighted population of particles with their evaluations. */
export interface Population {
  theta: Float64Array[];
  weights: Float64Array;
  evaluations: Evaluation[];
}

/** What ABC-SMC returns. */
export interface AbcResult {
  population: Population;
  generations: GenerationDiagnostics[];
  /** Why it stopped. */
  stopped: string;
  simulations: number;
}

function abortError(): Error {
  const e = new Error('The calibration was aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * Runs ABC-SMC on a fitting problem (see the module comment).
 *
 * @example
 * const { population, generations } = await abcSmc(problem, { ...options });
 */
export async function abcSmc(problem: FitProblem, o: AbcOptions): Promise<AbcResult> {
  const sim = new ParticleSimulator(problem, o.runsPerParticle);
  const started = Date.now();
  const generations: GenerationDiagnostics[] = [];
  let population = await generation(problem, sim, o, 0, undefined, Infinity, started, generations);
  if (!population) throw new Error('ABC-SMC: a model run gave no finite distance (NaN in the predictions)');
  let stopped = `reached ${o.generations} generations`;
  for (let t = 1; t < o.generations; t++) {
    const distances = population.evaluations.map((e) => e.distance);
    const epsilon = weightedQuantiles(distances, population.weights, [o.quantile])[0];
    const previous = generations[generations.length - 1];
    if (epsilon <= o.tolerance && t > 1) { stopped = `tolerance ${fmt(epsilon)} reached the target ${fmt(o.tolerance)}`; break; }
    const next = await generation(problem, sim, o, t, population, epsilon, started, generations);
    if (!next) { stopped = `generation ${t} stopped: a particle needed more than ${o.maxAttempts} proposals (tolerance ${fmt(epsilon)}); kept generation ${t - 1}`; break; }
    population = next;
    const last = generations[generations.length - 1];
    if (last.acceptanceRate < o.minAcceptanceRate) { stopped = `acceptance rate ${fmt(last.acceptanceRate)} fell below ${o.minAcceptanceRate} at generation ${t}`; break; }
    if (epsilon >= previous.tolerance) { stopped = `tolerance stopped falling at generation ${t}`; break; }
  }
  return { population, generations, stopped, simulations: sim.simulations };
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

function kernelOf(previous: Population): ProposalKernel {
  const cov = weightedCovariance(previous.theta, previous.weights).map((row) => row.map((v) => 2 * v));
  return { theta: previous.theta, cumulative: cumulative(previous.weights), L: choleskyFactor(cov) };
}

/**
 * One generation: N particles within ε (generation 0: from the prior).
 * Returns undefined when a particle exceeds `maxAttempts`.
 */
async function generation(
  problem: FitProblem, sim: ParticleSimulator, o: AbcOptions, t: number, previous: Population | undefined,
  epsilon: number, started: number, out: GenerationDiagnostics[],
): Promise<Population | undefined> {
  const N = o.particles;
  const kernel = previous ? kernelOf(previous) : undefined;
  const theta: Float64Array[] = new Array(N);
  const evaluations: Evaluation[] = new Array(N);
  const simulationsBefore = sim.simulations;
  const draw: ParticleDrawer = o.drawer ?? (async (r) => inThread(problem, sim, o, r));
  let proposals = 0;
  const begun = Date.now();
  for (let from = 0; from < N; from += o.batchSize) {
    if (o.signal?.aborted) throw abortError();
    const indices = Array.from({ length: Math.min(o.batchSize, N - from) }, (_, k) => from + k);
    const drawn = await draw({ t, indices, kernel, epsilon });
    for (let k = 0; k < drawn.length; k++) {
      const particle = drawn[k];
      if (o.drawer) sim.simulations += particle.simulations;
      // A particle beyond maxAttempts ends the generation: what came after it (drawn in the same batch elsewhere) is not counted.
      if (!particle.theta || !particle.evaluation) return undefined;
      theta[indices[k]] = particle.theta;
      evaluations[indices[k]] = particle.evaluation;
      proposals += particle.proposals;
    }
    o.onProgress?.({ method: 'abc-smc', generation: t, generations: o.generations, done: from + indices.length, total: N, simulations: sim.simulations, tolerance: epsilon, elapsedMs: Date.now() - started });
    if (!o.drawer) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const weights = previous && kernel ? importanceWeights(problem, theta, previous, kernel) : new Float64Array(N).fill(1 / N);
  const population = { theta, weights, evaluations };
  out.push(diagnostics(t, epsilon, population, proposals, sim.simulations - simulationsBefore, Date.now() - begun));
  return population;
}

/** Draws the particles asked for in this thread, in order, stopping after the first that needs more than `maxAttempts` proposals. */
function inThread(problem: FitProblem, sim: ParticleSimulator, o: AbcOptions, r: Parameters<ParticleDrawer>[0]): DrawnParticle[] {
  const out: DrawnParticle[] = [];
  for (const i of r.indices) {
    const particle = drawParticle(problem, sim, o, r.t, i, r.kernel, r.epsilon);
    out.push(particle);
    if (!particle.theta) break;
  }
  return out;
}

/**
 * Particle i of generation t: drawn from its own stream of (seed, t, i)
 * until its distance is within ε (at most `maxAttempts` proposals).
 *
 * @example
 * drawParticle(problem, sim, { seed: 42, maxAttempts: 400 }, 1, 7, kernel, 0.08); // => { theta, evaluation, proposals: 3, simulations: 3 }
 */
export function drawParticle(
  problem: FitProblem, sim: ParticleSimulator, o: Pick<AbcOptions, 'seed' | 'maxAttempts'>, t: number, i: number, kernel: ProposalKernel | undefined, epsilon: number,
): DrawnParticle {
  const d = problem.inputs.length, before = sim.simulations;
  const rng = createRandomSource(`${o.seed}|abc|${t}`, i);
  for (let k = 0; k < o.maxAttempts; k++) {
    const theta = new Float64Array(d);
    if (!kernel) {
      for (let a = 0; a < d; a++) theta[a] = sampleNumeric(problem.inputs[a].prior, rng);
    } else {
      const parent = kernel.theta[pickIndex(kernel.cumulative, rng())];
      const z = Array.from({ length: d }, () => standardNormal(rng));
      for (let a = 0; a < d; a++) {
        let s = parent[a];
        for (let b = 0; b <= a; b++) s += kernel.L[a][b] * z[b];
        theta[a] = s;
      }
      if (logPriorOf(problem.inputs, theta) === -Infinity) continue;
    }
    const evaluation = evaluate(sim, theta, `${o.seed}|abc|${t}|${i}|${k}`, problem);
    if (evaluation.distance <= epsilon) return { theta, evaluation, proposals: k + 1, simulations: sim.simulations - before };
  }
  return { proposals: o.maxAttempts, simulations: sim.simulations - before };
}

function evaluate(sim: ParticleSimulator, theta: Float64Array, key: string, problem: FitProblem): Evaluation {
  try {
    return sim.evaluate(theta, key);
  } catch (e) {
    if (e instanceof RivalsimError) {
      const at = problem.inputs.map((p, k) => `${p.path} = ${theta[k]}`).join(', ');
      e.message = `${e.message} (while simulating the calibration particle ${at})`;
    }
    throw e;
  }
}

/** wᵢ ∝ π(θᵢ) / Σⱼ wⱼ K(θᵢ | θⱼ), K Gaussian with covariance L Lᵀ (its constant cancels). */
function importanceWeights(problem: FitProblem, theta: Float64Array[], prev: Population, kernel: ProposalKernel): Float64Array {
  const logW = theta.map((x) => {
    let max = -Infinity;
    const terms = prev.theta.map((p, j) => {
      const diff = Array.from(x, (v, a) => v - p[a]);
      const v = Math.log(prev.weights[j]) - halfMahalanobis(kernel.L, diff);
      if (v > max) max = v;
      return v;
    });
    let s = 0;
    for (const v of terms) s += Math.exp(v - max);
    return logPriorOf(problem.inputs, x) - (max + Math.log(s));
  });
  return normaliseLogWeights(logW);
}

function diagnostics(t: number, epsilon: number, p: Population, proposals: number, simulations: number, elapsedMs: number): GenerationDiagnostics {
  const d = p.theta[0]?.length ?? 0;
  const moments = Array.from({ length: d }, (_, a) => weightedMoments(p.theta.map((x) => x[a]), p.weights));
  return {
    generation: t, tolerance: epsilon, acceptanceRate: p.theta.length / proposals, proposals, simulations,
    effectiveSampleSize: effectiveSampleSize(p.weights),
    mean: moments.map((m) => m.mean), sd: moments.map((m) => m.sd),
    medianDistance: weightedQuantiles(p.evaluations.map((e) => e.distance), p.weights, [0.5])[0],
    elapsedMs,
  };
}
