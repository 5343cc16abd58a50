/**
 * PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999), for
 * scenario discovery (Bryant & Lempert 2010): starting from the box that
 * holds every run, peel off a small share α of the box's runs along one
 * side of one input (or one category of a categorical input) at a time,
 * always the peel that raises the box's density most per run removed, until
 * the box would fall under the minimum support or no peel raises the
 * density. Each box on the way is a point of the peeling trajectory
 * (coverage against density). The box chosen on the trajectory is then
 * pasted: grown back along one side at a time while its density does not
 * fall.
 *
 * Conventions follow EMA Workbench (Kwakkel & Jaxa-Rozen 2016): the
 * "lenient" objective (gain in mean over runs removed), α = 0.05, minimum
 * support 0.05, categorical inputs peeled and pasted one category at a
 * time, and each restriction's quasi-p-value (see `box.ts`).
 *
 * References: Friedman, J. H. & Fisher, N. I. (1999), Bump hunting in
 * high-dimensional data, Statistics and Computing 9(2), 123–143. Bryant &
 * Lempert (2010) and Kwakkel & Jaxa-Rozen (2016): see `box.ts`.
 */
import { RivalsimError } from '../../errors.js';
import {
  fullBox, membership, restricts, restrictionsOf, statsOf, within,
  type BoxLimits, type BoxStats, type Limit, type Restriction,
} from './box.js';
import { sortedRows, type InputTable } from '../../montecarlo/inputs.js';

/**
 * Options of PRIM.
 *
 * @example
 * const options: PrimOptions = { alpha: 0.05, minSupport: 0.05, minCoverage: 0.5 };
 */
export interface PrimOptions {
  /** Share of the box's runs peeled off at each step (α, in (0, 0.5)). Default 0.05. */
  alpha?: number;
  /** Share of the box's runs added at each pasting step. Default 0.05. */
  pasteAlpha?: number;
  /** Smallest support (share of all runs) a box may keep. Default 0.05. */
  minSupport?: number;
  /**
   * Peeling objective: `'lenient'` (default: gain in density per run
   * removed, EMA Workbench's default) or `'original'` (the density after the
   * peel, Friedman & Fisher's).
   */
  objective?: 'lenient' | 'original';
  /** The default box is the densest on the trajectory with at least this coverage. Default 0.5. */
  minCoverage?: number;
  /** Choose this step of the trajectory instead of the default rule. */
  select?: number;
  /** Paste the chosen box. Default true. */
  paste?: boolean;
  /**
   * Drop the chosen box's restrictions whose quasi-p-value is above this
   * (the least significant first, pasting again after each), as Bryant &
   * Lempert (2010) advise; `false` keeps them all. Default 0.05.
   */
  prune?: number | false;
}

/**
 * One box of the peeling trajectory.
 *
 * @example
 * // { index: 12, rows: 540, hits: 402, coverage: 0.91, density: 0.74, support: 0.27, restricted: 2, limits: [...] }
 */
export interface PrimStep extends BoxStats {
  index: number;
  /** Inputs the box restricts. */
  restricted: number;
  limits: BoxLimits;
}

/**
 * A box chosen on the trajectory (pasted unless `paste: false`), with its
 * restricted inputs and their significance.
 *
 * @example
 * // { index: 31, pasted: true, rows: 402, hits: 390, coverage: 0.87, density: 0.97, support: 0.2,
 * //   restrictions: [{ label: 'x1', lower: 0.2, upper: 0.6, p: 1e-30, … }, …], limits: [...] }
 */
export interface PrimBox extends BoxStats {
  /** Trajectory step it comes from. */
  index: number;
  pasted: boolean;
  /** Restrictions dropped as not significant (labels, in the order dropped). */
  pruned: string[];
  restrictions: Restriction[];
  limits: BoxLimits;
}

/**
 * What PRIM found: the peeling trajectory and the chosen box.
 *
 * @example
 * const r = prim(table, y);
 * r.trajectory.map((s) => [s.coverage, s.density]); // the trade-off curve
 * r.box.restrictions.map((x) => describeRestriction(x, table.dates));
 * r.inspect(20).density; // another point of the curve, pasted
 */
export interface PrimResult {
  method: 'prim';
  /** Runs and cases of interest. */
  rows: number;
  hits: number;
  trajectory: PrimStep[];
  /** Step of the chosen box. */
  selected: number;
  box: PrimBox;
  /** The box at trajectory step `index` (pasted as the options say), with its restrictions. */
  inspect(index: number): PrimBox;
}

interface Settings {
  alpha: number; pasteAlpha: number; minSupport: number; objective: 'lenient' | 'original'; minCoverage: number; paste: boolean; prune: number | false;
}

function settings(options: PrimOptions, path: string): Settings {
  const share = (v: unknown, name: string, fallback: number, lo: number, hi: number, describe: string): number => {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !(v > lo && v < hi)) throw new RivalsimError(`Invalid ${name}`, `${path}.${name}`, v, describe);
    return v;
  };
  const objective = options.objective ?? 'lenient';
  if (objective !== 'lenient' && objective !== 'original') throw new RivalsimError('Invalid objective', `${path}.objective`, objective, "'lenient' or 'original'");
  return {
    alpha: share(options.alpha, 'alpha', 0.05, 0, 0.5, 'a share in (0, 0.5)'),
    pasteAlpha: share(options.pasteAlpha, 'pasteAlpha', 0.05, 0, 0.5, 'a share in (0, 0.5)'),
    minSupport: share(options.minSupport, 'minSupport', 0.05, 0, 1, 'a share in (0, 1)'),
    minCoverage: share(options.minCoverage, 'minCoverage', 0.5, -1e-12, 1 + 1e-12, 'a share in [0, 1]'),
    objective, paste: options.paste ?? true,
    prune: options.prune === false ? false : share(options.prune, 'prune', 0.05, 0, 1 + 1e-12, 'a p-value threshold in (0, 1], or false'),
  };
}

/** A candidate peel or paste: the new limit of one column and the runs and hits it moves. */
interface Move { column: number; limit: Limit; rows: number; hits: number; order: number }

/**
 * The runs moved by shifting one side of a continuous limit: walking
 * `order` (forwards from the bottom or backwards from the top) over the
 * rows `eligible` says, taking at least `k` and whole ties; the new bound
 * is halfway to the next eligible value, or `open` (±Infinity: pasting
 * opens that side) when none is left. Undefined when no row moves, or when
 * all would and there is no `open` bound (peeling).
 */
function sideMove(
  values: Float64Array, order: Int32Array, eligible: (r: number) => boolean, y: Uint8Array,
  k: number, fromTop: boolean, open?: number,
): { bound: number; rows: number; hits: number } | undefined {
  const n = order.length;
  let rows = 0, hits = 0, last = NaN;
  let i = 0;
  for (; i < n; i++) {
    const r = order[fromTop ? n - 1 - i : i];
    if (!eligible(r)) continue;
    const x = values[r];
    if (rows >= k && x !== last) {
      return { bound: (last + x) / 2, rows, hits };
    }
    rows++; hits += y[r]; last = x;
  }
  if (rows === 0 || open === undefined) return undefined;
  return { bound: open, rows, hits };
}

/** Candidate peels of the current box. */
function peels(table: InputTable, order: Array<Int32Array | undefined>, inside: Uint8Array, rows: number, y: Uint8Array, box: BoxLimits, alpha: number): Move[] {
  const out: Move[] = [];
  const k = Math.max(1, Math.floor(alpha * rows));
  const eligible = (r: number) => inside[r] === 1;
  table.columns.forEach((c, j) => {
    const limit = box[j];
    if (limit.kind === 'continuous') {
      for (const fromTop of [false, true]) {
        const m = sideMove(c.values, order[j]!, eligible, y, k, fromTop);
        if (m && m.rows < rows) out.push({ column: j, rows: m.rows, hits: m.hits, order: out.length, limit: fromTop ? { ...limit, upper: m.bound } : { ...limit, lower: m.bound } });
      }
      return;
    }
    const counts = new Float64Array(c.categories!.length), hits = new Float64Array(counts.length);
    for (let r = 0; r < inside.length; r++) if (inside[r]) { counts[c.values[r]]++; hits[c.values[r]] += y[r]; }
    const present = limit.values.filter((v) => counts[v] > 0);
    if (present.length < 2) return;
    for (const v of present) {
      out.push({ column: j, rows: counts[v], hits: hits[v], order: out.length, limit: { kind: 'categorical', values: limit.values.filter((x) => x !== v) } });
    }
  });
  return out;
}

/**
 * The peeling trajectory: the full box, then each peel as long as one keeps
 * the minimum support and raises the density.
 */
function peelTrajectory(table: InputTable, y: Uint8Array, s: Settings, order: Array<Int32Array | undefined>): PrimStep[] {
  let box = fullBox(table);
  const inside = new Uint8Array(table.rows).fill(1);
  const step = (index: number): PrimStep => ({
    index, ...statsOf(inside, y), restricted: box.filter((l, j) => restricts(l, table.columns[j])).length, limits: box.map((l) => ({ ...l })),
  });
  const trajectory = [step(0)];
  for (;;) {
    const { rows, hits } = trajectory[trajectory.length - 1];
    const mean = hits / rows;
    let best: { move: Move; score: number; restrictedAlready: boolean } | undefined;
    for (const move of peels(table, order, inside, rows, y, box, s.alpha)) {
      const left = rows - move.rows;
      if (left / table.rows < s.minSupport) continue;
      const density = (hits - move.hits) / left;
      if (!(density > mean)) continue;
      const score = s.objective === 'lenient' ? (density - mean) / move.rows : density;
      // Ties: prefer a column already restricted (fewer restricted inputs), then declaration order.
      const restrictedAlready = restricts(box[move.column], table.columns[move.column]);
      if (!best || score > best.score || (score === best.score && restrictedAlready && !best.restrictedAlready)) best = { move, score, restrictedAlready };
    }
    if (!best) return trajectory;
    const { column, limit } = best.move;
    const values = table.columns[column].values;
    for (let r = 0; r < inside.length; r++) if (inside[r] && !within(limit, values[r])) inside[r] = 0;
    box = box.slice();
    box[column] = limit;
    trajectory.push(step(trajectory.length));
  }
}

/**
 * Pastes a box (Friedman & Fisher 1999, §5): repeatedly widens one
 * restricted side (or adds one category) by about `pasteAlpha` of the
 * box's runs, choosing the widening with the highest density, while the
 * density does not fall. Only runs outside the box on that input alone are
 * added.
 */
function paste(table: InputTable, y: Uint8Array, start: BoxLimits, pasteAlpha: number, order: Array<Int32Array | undefined>): BoxLimits {
  let box = start;
  for (;;) {
    const restricted = table.columns.map((c, j) => restricts(box[j], c));
    // For each run: how many restrictions it breaks, and which one when it breaks exactly one.
    const broken = new Uint8Array(table.rows), only = new Int32Array(table.rows).fill(-1);
    table.columns.forEach((c, j) => {
      if (!restricted[j]) return;
      for (let r = 0; r < table.rows; r++) if (!within(box[j], c.values[r])) { broken[r] = Math.min(2, broken[r] + 1); only[r] = j; }
    });
    const inside = Uint8Array.from(broken, (b) => (b === 0 ? 1 : 0));
    const { rows, hits } = statsOf(inside, y);
    const k = Math.max(1, Math.floor(pasteAlpha * rows));
    let best: { move: Move; density: number } | undefined;
    const consider = (move: Move) => {
      // Counts are integers: the density does not fall when (h + Δh) / (n + Δn) ≥ h / n.
      if ((hits + move.hits) * rows < hits * (rows + move.rows)) return;
      const density = (hits + move.hits) / (rows + move.rows);
      if (!best || density > best.density || (density === best.density && move.rows > best.move.rows)) best = { move, density };
    };
    table.columns.forEach((c, j) => {
      if (!restricted[j]) return;
      const limit = box[j];
      const eligible = (r: number) => broken[r] === 1 && only[r] === j;
      if (limit.kind === 'continuous') {
        if (limit.lower > -Infinity) {
          const m = sideMove(c.values, order[j]!, (r) => eligible(r) && c.values[r] < limit.lower, y, k, true, -Infinity);
          if (m) consider({ column: j, rows: m.rows, hits: m.hits, order: 0, limit: { ...limit, lower: m.bound } });
        }
        if (limit.upper < Infinity) {
          const m = sideMove(c.values, order[j]!, (r) => eligible(r) && c.values[r] > limit.upper, y, k, false, Infinity);
          if (m) consider({ column: j, rows: m.rows, hits: m.hits, order: 0, limit: { ...limit, upper: m.bound } });
        }
        return;
      }
      const counts = new Float64Array(c.categories!.length), catHits = new Float64Array(counts.length);
      for (let r = 0; r < table.rows; r++) if (eligible(r)) { counts[c.values[r]]++; catHits[c.values[r]] += y[r]; }
      counts.forEach((n, v) => {
        if (n > 0) consider({ column: j, rows: n, hits: catHits[v], order: 0, limit: { kind: 'categorical', values: [...limit.values, v].sort((a, b) => a - b) } });
      });
    });
    if (!best) return box;
    box = box.slice();
    box[best.move.column] = best.move.limit;
  }
}

/**
 * A trajectory box made final: pasted (unless `paste: false`), then, while
 * some restriction's quasi-p-value is above `prune`, the least significant
 * one dropped and the box pasted again.
 */
function finish(table: InputTable, y: Uint8Array, start: BoxLimits, index: number, s: Settings, order: Array<Int32Array | undefined>): PrimBox {
  const pruned: string[] = [];
  let limits = start;
  for (;;) {
    if (s.paste) limits = paste(table, y, limits, s.pasteAlpha, order);
    const stats = statsOf(membership(table, limits), y);
    const restrictions = restrictionsOf(table, y, limits, stats);
    const weakest = restrictions.reduce<Restriction | undefined>((w, r) => (s.prune !== false && r.p > s.prune && (!w || r.p > w.p) ? r : w), undefined);
    if (!weakest) return { index, pasted: s.paste, pruned, ...stats, restrictions, limits };
    const j = table.columns.findIndex((c) => c.id === weakest.column);
    limits = limits.slice();
    limits[j] = fullBox({ ...table, columns: [table.columns[j]] })[0];
    pruned.push(weakest.label);
  }
}

/**
 * Runs PRIM on an input table and an outcome (1 = case of interest, one
 * per row) and chooses a box: step `select` of the trajectory, or by
 * default the densest box whose coverage is at least `minCoverage` (0.5:
 * the box must describe at least half the cases of interest; the one
 * with more coverage on ties), pasted unless `paste: false`, and pruned of
 * restrictions that are not significant (`prune`). Use `discover` for the
 * checked entry point.
 *
 * @example
 * const r = prim(table, y, { alpha: 0.05 });
 * r.box.restrictions.map((x) => x.label); // => ['x1', 'x2']
 */
export function prim(table: InputTable, y: Uint8Array, options: PrimOptions = {}, path = 'options'): PrimResult {
  const s = settings(options, path);
  const order = sortedRows(table);
  const trajectory = peelTrajectory(table, y, s, order);
  let selected = 0;
  trajectory.forEach((step, i) => {
    const best = trajectory[selected];
    if (step.coverage >= s.minCoverage && (step.density > best.density || (step.density === best.density && step.coverage > best.coverage))) selected = i;
  });
  if (options.select !== undefined) {
    if (!Number.isInteger(options.select) || options.select < 0 || options.select >= trajectory.length) {
      throw new RivalsimError('Invalid trajectory step', `${path}.select`, options.select, `an integer in 0…${trajectory.length - 1}`);
    }
    selected = options.select;
  }
  const cache = new Map<number, PrimBox>();
  const inspect = (index: number): PrimBox => {
    if (!Number.isInteger(index) || index < 0 || index >= trajectory.length) throw new RangeError(`No step ${index}: the trajectory has steps 0…${trajectory.length - 1}`);
    let box = cache.get(index);
    if (!box) cache.set(index, (box = finish(table, y, trajectory[index].limits, index, s, order)));
    return box;
  };
  const { rows, hits } = trajectory[0];
  return { method: 'prim', rows, hits, trajectory, selected, box: inspect(selected), inspect };
}
