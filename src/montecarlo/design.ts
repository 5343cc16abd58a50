/**
 * Sampling designs that span runs: Latin hypercube and Iman–Conover rank
 * correlation. A design is a function of (seed, runs, the inputs and the
 * correlation spec) alone, so every batch, worker or shard rebuilds the same
 * design and takes its own rows.
 */
import { RivalsimError } from '../errors.js';
import { isDistribution, type Distribution } from '../random/distributions.js';
import { probit } from '../random/quantile.js';
import { createRandomSource, type Seed } from '../random/source.js';
import type { Plan, PlanInput } from '../model/compile.js';

/** Sampling design of the uncertain inputs. */
export type DesignKind = 'monte-carlo' | 'latin-hypercube';

/**
 * Rank correlations between named uncertain inputs (their declaration
 * paths), imposed by Iman–Conover.
 *
 * @example
 * const c: CorrelationSpec = {
 *   inputs: ['events[0].approvalProbability', 'events[0].reviewMonths'],
 *   matrix: [[1, -0.6], [-0.6, 1]],
 * };
 */
export interface CorrelationSpec {
  inputs: string[];
  matrix: number[][];
}

/** An uncertain input of a plan: its path and distribution. */
export interface UncertainInput {
  path: string;
  dist: Distribution;
}

/**
 * All uncertain inputs of a compiled scenario, in declaration order.
 *
 * @example
 * uncertainInputs(compileScenario(scenarios.baseline)).map((i) => i.path);
 * // => ['events[0].approvalProbability', 'events[0].reviewMonths', …]
 */
export function uncertainInputs(plan: Plan): UncertainInput[] {
  const out: UncertainInput[] = [];
  const seen = new Set<string>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return;
    if (Array.isArray(v)) { v.forEach(visit); return; }
    const o = v as Record<string, unknown>;
    if (typeof o.path === 'string' && 'value' in o && Object.keys(o).length === 2) {
      const input = o as unknown as PlanInput;
      if (isDistribution(input.value) && !seen.has(input.path)) {
        seen.add(input.path);
        out.push({ path: input.path, dist: input.value });
      }
      return;
    }
    for (const [k, x] of Object.entries(o)) if (k !== 'spec' && k !== 'policies' && typeof x !== 'function') visit(x);
  };
  visit(plan.parameters);
  visit(plan.agents);
  visit(plan.markets);
  visit(plan.events);
  return out;
}

/** u ∈ (0, 1) for run `run` and input `path`, or undefined to draw from the run's own stream. */
export type DesignRow = (path: string) => number | undefined;

/**
 * A built design: `row(r)` gives run r's placement of the designed inputs.
 *
 * @example
 * const design = buildDesign(plan, { kind: 'latin-hypercube', seed: 1, runs: 100 });
 * design.row(0)('events[0].reviewMonths'); // => 0.37… (in stratum 37 of 100)
 */
export interface Design {
  kind: DesignKind;
  /** Paths of the inputs the design places (others are drawn from run streams). */
  inputs: string[];
  row(run: number): DesignRow;
  /**
   * Inputs fixed to values in run `run`, by path (a calibration particle, a
   * posterior draw): they win over the design's placement and the run's
   * stream. None by default.
   */
  values?(run: number): DesignRow;
  /**
   * The stream run `run` draws the rest of its randomness from:
   * `createRandomSource(seed, stream(run))`. By default `run` itself; a
   * design that holds that randomness common to several runs (Sobol's
   * matrices) maps them onto one stream.
   */
  stream?(run: number): number;
}

/**
 * Weighted draws of fitted inputs (a calibration's posterior, as plain
 * data): run r takes draw `posteriorDrawIndex(weights, seed, r)`.
 *
 * @example
 * const p: PosteriorDraws = { parameters: [{ path: 'parameters.aiWeight' }], draws: [[0.4], [0.6]], weights: [0.5, 0.5] };
 */
export interface PosteriorDraws {
  parameters: ReadonlyArray<{ path: string }>;
  draws: ReadonlyArray<ArrayLike<number>>;
  weights: ArrayLike<number>;
}

/**
 * The posterior draw run `run` uses: the inverse weighted CDF at a uniform
 * from the stream of (seed, run) alone — the same in any batch or worker.
 *
 * @example
 * posteriorDrawIndex([0.5, 0.5], 42, 7); // => 0 or 1, always the same for (42, 7)
 */
export function posteriorDrawIndex(weights: ArrayLike<number>, seed: Seed, run: number): number {
  const u = createRandomSource(`${seed}|posterior`, run)();
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    if (u * total < acc) return i;
  }
  return weights.length - 1;
}

/** Checks a posterior against a plan: its inputs must be uncertain inputs of the plan, its draws finite. */
function posteriorValues(plan: Plan, posterior: PosteriorDraws, seed: Seed, all: UncertainInput[]): (run: number) => DesignRow {
  const known = new Set(all.map((i) => i.path));
  if (!posterior || !Array.isArray(posterior.parameters) || !Array.isArray(posterior.draws) || posterior.draws.length === 0) {
    throw new RivalsimError('Invalid posterior', 'posterior', posterior, 'a calibration posterior { parameters, draws, weights } (from calibrate or a posterior file)');
  }
  const paths = posterior.parameters.map((p, k) => {
    if (!known.has(p?.path)) {
      throw new RivalsimError('Posterior input not in the scenario', `posterior.parameters[${k}]`, p?.path,
        all.length ? `one of ${all.map((i) => i.path).join(', ')}` : `an uncertain input (scenario ${plan.id} declares none)`, 'Use the posterior of a scenario that declares the same inputs');
    }
    return p.path;
  });
  if (posterior.weights.length !== posterior.draws.length) throw new RivalsimError('Invalid posterior weights', 'posterior.weights', posterior.weights.length, `${posterior.draws.length} weights, one per draw`);
  const index = new Map(paths.map((p, k) => [p, k]));
  return (run) => {
    const draw = posterior.draws[posteriorDrawIndex(posterior.weights, seed, run)];
    return (path) => {
      const k = index.get(path);
      return k === undefined ? undefined : draw[k];
    };
  };
}

/** 32-bit mix (murmur3 finaliser). */
function mix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h >>> 0);
}

/** Deterministic uniform in (0, 1) from three integers (jitter inside a stratum). */
function hashUniform(a: number, b: number, c: number): number {
  const h1 = mix((a ^ mix(b + 0x9e3779b9) ^ mix(c + 0x7f4a7c15)) >>> 0);
  const h2 = mix((h1 ^ 0x5bd1e995) >>> 0);
  return ((h1 >>> 5) * 67108864 + (h2 >>> 6) + 0.5) / 9007199254740992;
}

/** A uniformly random permutation of 0…n−1 (Fisher–Yates) from the stream of (seed, key). */
function permutation(n: number, seed: Seed, key: string): Int32Array {
  const rng = createRandomSource(`${seed}|${key}`);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}

/**
 * Checks a correlation matrix (square, symmetric, unit diagonal, entries in
 * [−1, 1], positive definite) and returns its Cholesky factor L (C = L Lᵀ).
 *
 * @example
 * choleskyOfCorrelation([[1, 0.5], [0.5, 1]], 'correlations.matrix'); // => [[1, 0], [0.5, 0.866…]]
 */
export function choleskyOfCorrelation(matrix: number[][], path: string): number[][] {
  const k = matrix.length;
  if (!Array.isArray(matrix) || k === 0 || !matrix.every((row) => Array.isArray(row) && row.length === k)) {
    throw new RivalsimError('Invalid correlation matrix', path, matrix, 'a square array of arrays, one row per input');
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = matrix[i][j];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < -1 || v > 1) throw new RivalsimError('Invalid correlation', `${path}[${i}][${j}]`, v, 'a number in [-1, 1]');
      if (i === j && v !== 1) throw new RivalsimError('Invalid correlation matrix diagonal', `${path}[${i}][${i}]`, v, '1');
      if (Math.abs(v - matrix[j][i]) > 1e-12) throw new RivalsimError('Correlation matrix not symmetric', `${path}[${i}][${j}]`, v, `the same value as [${j}][${i}] (${matrix[j][i]})`);
    }
  }
  const L = cholesky(matrix);
  if (!L) throw new RivalsimError('Not a valid correlation matrix', path, matrix, 'a positive definite matrix', 'Some correlations contradict each other; weaken them');
  return L;
}

function cholesky(a: number[][]): number[][] | undefined {
  const k = a.length;
  const L = a.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
      if (i === j) {
        if (!(s > 1e-12)) return undefined;
        L[i][i] = Math.sqrt(s);
      } else {
        L[i][j] = s / L[j][j];
      }
    }
  }
  return L;
}

/** Inverse of a lower-triangular matrix. */
function invertLower(L: number[][]): number[][] {
  const k = L.length;
  const inv = L.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    inv[i][i] = 1 / L[i][i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= L[i][m] * inv[m][j];
      inv[i][j] = s / L[i][i];
    }
  }
  return inv;
}

/**
 * Iman–Conover: ranks (0…n−1) for each of k columns such that their rank
 * correlations approximate `target` (given by its Cholesky factor P).
 * Van der Waerden scores, permuted per column, are decorrelated by the
 * inverse Cholesky factor of their sample correlation and re-correlated by P.
 */
function imanConoverRanks(n: number, P: number[][], seed: Seed, keys: string[]): Int32Array[] {
  const k = P.length;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) scores[i] = probit((i + 1) / (n + 1));
  const S = keys.map((key) => {
    const perm = permutation(n, seed, `ic-scores|${key}`);
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = scores[perm[i]];
    return col;
  });
  // Sample correlation of the scores (their mean is 0 by symmetry).
  const E = S.map((a) => S.map((b) => {
    let sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < n; i++) { sab += a[i] * b[i]; saa += a[i] * a[i]; sbb += b[i] * b[i]; }
    return sab / Math.sqrt(saa * sbb);
  }));
  const Q = cholesky(E);
  // With few runs the scores may be (nearly) collinear: then keep them as they are.
  const M = Q ? multiply(P, invertLower(Q)) : P.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
  const ranks: Int32Array[] = [];
  const t = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let m = 0; m < k; m++) v += M[c][m] * S[m][i];
      t[i] = v;
    }
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => t[x] - t[y] || x - y);
    const rank = new Int32Array(n);
    for (let r = 0; r < n; r++) rank[order[r]] = r;
    ranks.push(rank);
  }
  return ranks;
}

function multiply(A: number[][], B: number[][]): number[][] {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, a, m) => s + a * B[m][j], 0)));
}

/**
 * Builds the design of a plan for `runs` runs. Plain Monte Carlo without
 * correlations places nothing (each run draws from its own stream).
 * Latin hypercube stratifies every uncertain input into `runs` equal-
 * probability strata, one run per stratum, with a random permutation per
 * input and jitter inside the stratum. With correlations, the correlated
 * inputs are stratified too and their strata are re-paired by Iman–Conover.
 * With a posterior, run r's fitted inputs are fixed to a posterior draw
 * chosen from (seed, r) (`values`).
 *
 * @example
 * const d = buildDesign(plan, { kind: 'latin-hypercube', seed: 42, runs: 1000 });
 */
export function buildDesign(
  plan: Plan,
  options: { kind?: DesignKind; seed: Seed; runs: number; correlations?: CorrelationSpec; posterior?: PosteriorDraws },
): Design {
  const kind = options.kind ?? 'monte-carlo';
  if (kind !== 'monte-carlo' && kind !== 'latin-hypercube') {
    throw new RivalsimError('Unknown design', 'design', kind, "'monte-carlo' or 'latin-hypercube'");
  }
  const all = uncertainInputs(plan);
  const byPath = new Map(all.map((i) => [i.path, i]));
  const n = options.runs;
  const ranks = new Map<string, Int32Array>();
  const c = options.correlations;
  if (c) {
    if (!Array.isArray(c.inputs) || c.inputs.length < 2) throw new RivalsimError('Invalid correlations', 'correlations.inputs', c.inputs, 'at least two uncertain input paths');
    c.inputs.forEach((p, i) => {
      if (!byPath.has(p)) {
        throw new RivalsimError('Unknown uncertain input', `correlations.inputs[${i}]`, p,
          all.length ? `one of ${all.map((x) => x.path).join(', ')}` : 'an input declared as a distribution (this scenario has none)');
      }
      if (c.inputs.indexOf(p) !== i) throw new RivalsimError('Duplicate input in correlations', `correlations.inputs[${i}]`, p, 'each input once');
    });
    if (c.matrix.length !== c.inputs.length) throw new RivalsimError('Correlation matrix size', 'correlations.matrix', `${c.matrix.length} rows`, `${c.inputs.length} rows, one per input`);
    const P = choleskyOfCorrelation(c.matrix, 'correlations.matrix');
    const r = imanConoverRanks(n, P, options.seed, c.inputs);
    c.inputs.forEach((p, i) => ranks.set(p, r[i]));
  }
  if (kind === 'latin-hypercube') {
    for (const input of all) if (!ranks.has(input.path)) ranks.set(input.path, permutation(n, options.seed, `lhs|${input.path}`));
  }
  const seedHash = hashString(`${options.seed}`);
  const pathHash = new Map([...ranks.keys()].map((p) => [p, hashString(p)]));
  const values = options.posterior ? posteriorValues(plan, options.posterior, options.seed, all) : undefined;
  return {
    kind,
    inputs: [...ranks.keys()],
    ...(values ? { values } : {}),
    row(run: number): DesignRow {
      return (path) => {
        const r = ranks.get(path);
        if (!r) return undefined;
        return (r[run] + hashUniform(seedHash, run, pathHash.get(path)!)) / n;
      };
    },
  };
}
