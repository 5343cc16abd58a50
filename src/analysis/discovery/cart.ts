/**
 * CART, a classification tree (Breiman, Friedman, Olshen & Stone 1984),
 * for scenario discovery: runs are split in two, again and again, on the
 * input and threshold (or set of categories) that most lowers the Gini
 * impurity of the outcome; each leaf is a box, read as "under these
 * conditions, this share of runs are cases of interest" (Lempert, Bryant &
 * Bankes 2008 compared it with PRIM; EMA Workbench offers both, Kwakkel &
 * Jaxa-Rozen 2016).
 *
 * Continuous inputs split at midpoints between consecutive distinct values
 * (left: ≤ threshold); categorical inputs split into two sets, found by
 * ordering the categories by their share of cases of interest (for a
 * binary outcome the best of these ordered splits is the best of all
 * splits: Breiman et al. 1984, §9.4). Growth stops at `maxDepth`, when a
 * child would hold fewer than `minLeaf` of the runs, or when no split lowers
 * the impurity. No pruning: the depth and leaf size limit the tree.
 *
 * Reference: Breiman, L., Friedman, J. H., Olshen, R. A. & Stone, C. J.
 * (1984), Classification and Regression Trees, Wadsworth.
 */
import { RivalsimError } from '../../errors.js';
import { fullBox, restrictionsOf, statsOf, type BoxLimits, type BoxStats, type Restriction } from './box.js';
import { sortedRows, type InputTable } from '../../montecarlo/inputs.js';

/**
 * Options of CART.
 *
 * @example
 * const options: CartOptions = { maxDepth: 4, minLeaf: 0.05 };
 */
export interface CartOptions {
  /** Deepest level of splits (the root is depth 0). Default 5. */
  maxDepth?: number;
  /** Smallest share of all runs a leaf may hold, in (0, 0.5]. Default 0.05. */
  minLeaf?: number;
}

/**
 * How a node splits: a continuous input at a threshold (left: ≤), or a
 * categorical input into two sets of categories.
 *
 * @example
 * // { column: 'x1', label: 'x1', kind: 'continuous', threshold: 0.6, gain: 0.08 }
 * // { column: 'event:apple+alibaba:decision', label: 'apple+alibaba · decision', kind: 'categorical', left: ['rejected'], right: ['approved'], gain: 0.1 }
 */
export type CartSplit =
  | { column: string; label: string; kind: 'continuous'; threshold: number; gain: number }
  | { column: string; label: string; kind: 'categorical'; left: string[]; right: string[]; gain: number };

/**
 * A node of the tree (a leaf when it has no split).
 *
 * @example
 * tree.split?.label; // the input of the first split
 * tree.left?.density; // share of cases of interest on its left
 */
export interface CartNode extends BoxStats {
  /** 1 for the root; the children of node k are 2k and 2k + 1. */
  id: number;
  depth: number;
  /** Gini impurity 2p(1 − p) of the node's runs. */
  gini: number;
  split?: CartSplit;
  left?: CartNode;
  right?: CartNode;
  limits: BoxLimits;
}

/**
 * A leaf as a box: its runs, purity and coverage, and the inputs its path restricts.
 *
 * @example
 * // { id: 13, depth: 4, rows: 420, hits: 411, density: 0.98, purity: 0.98, coverage: 0.86, support: 0.14,
 * //   prediction: true, restrictions: [{ label: 'x1', lower: 0.2, upper: 0.6, … }, …] }
 */
export interface CartLeaf extends BoxStats {
  id: number;
  depth: number;
  /** Share of the leaf's runs in its majority class. */
  purity: number;
  /** Whether most of the leaf's runs are cases of interest. */
  prediction: boolean;
  restrictions: Restriction[];
  limits: BoxLimits;
}

/**
 * What CART found: the tree and its leaves, densest first.
 *
 * @example
 * const r = cart(table, y, { maxDepth: 4 });
 * r.leaves[0].restrictions.map((x) => describeRestriction(x)); // the densest box
 */
export interface CartResult {
  method: 'cart';
  rows: number;
  hits: number;
  tree: CartNode;
  /** Leaves by density (highest first), then coverage. */
  leaves: CartLeaf[];
}

/** The best split found at a node. */
interface Found { column: number; gain: number; goesLeft: (x: number) => boolean; split: CartSplit }

const gini = (hits: number, rows: number) => (rows > 0 ? 2 * (hits / rows) * (1 - hits / rows) : 0);

/** Weighted impurity decrease of splitting (rows, hits) into a left part and the rest. */
function gain(rows: number, hits: number, leftRows: number, leftHits: number): number {
  const rightRows = rows - leftRows, rightHits = hits - leftHits;
  return gini(hits, rows) - (leftRows * gini(leftHits, leftRows) + rightRows * gini(rightHits, rightRows)) / rows;
}

/** The best threshold of a continuous column over the node's rows (walking the column's global order). */
function bestThreshold(values: Float64Array, order: Int32Array, inNode: Uint8Array, y: Uint8Array, rows: number, hits: number, minLeaf: number) {
  let leftRows = 0, leftHits = 0, last = NaN;
  let best: { gain: number; threshold: number } | undefined;
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    if (!inNode[r]) continue;
    const x = values[r];
    if (leftRows >= minLeaf && rows - leftRows >= minLeaf && x !== last) {
      const g = gain(rows, hits, leftRows, leftHits);
      if (!best || g > best.gain) best = { gain: g, threshold: (last + x) / 2 };
    }
    leftRows++; leftHits += y[r]; last = x;
  }
  return best;
}

/** The best two-set split of a categorical column: categories ordered by share of cases of interest, best prefix. */
function bestSubset(codes: Float64Array, names: string[], inNode: Uint8Array, y: Uint8Array, rows: number, hits: number, minLeaf: number) {
  const counts = new Float64Array(names.length), catHits = new Float64Array(names.length);
  for (let r = 0; r < codes.length; r++) if (inNode[r]) { counts[codes[r]]++; catHits[codes[r]] += y[r]; }
  const present = names.map((_, i) => i).filter((i) => counts[i] > 0).sort((a, b) => catHits[a] / counts[a] - catHits[b] / counts[b] || a - b);
  let leftRows = 0, leftHits = 0;
  let best: { gain: number; left: number[] } | undefined;
  for (let k = 0; k < present.length - 1; k++) {
    leftRows += counts[present[k]]; leftHits += catHits[present[k]];
    if (leftRows < minLeaf || rows - leftRows < minLeaf) continue;
    const g = gain(rows, hits, leftRows, leftHits);
    if (!best || g > best.gain) best = { gain: g, left: present.slice(0, k + 1) };
  }
  if (!best) return undefined;
  // Categories absent from the node go with the larger side.
  const leftSet = new Set(best.left);
  const absent = names.map((_, i) => i).filter((i) => counts[i] === 0);
  let leftTotal = 0;
  for (const i of best.left) leftTotal += counts[i];
  if (leftTotal * 2 > rows) for (const i of absent) leftSet.add(i);
  return { gain: best.gain, left: leftSet };
}

/** The best split of a node, or undefined when none lowers the impurity with both children large enough. */
function bestSplit(table: InputTable, order: Array<Int32Array | undefined>, inNode: Uint8Array, y: Uint8Array, rows: number, hits: number, minLeaf: number): Found | undefined {
  let best: Found | undefined;
  table.columns.forEach((c, j) => {
    if (c.kind === 'continuous') {
      const t = bestThreshold(c.values, order[j]!, inNode, y, rows, hits, minLeaf);
      if (t && t.gain > 1e-12 && (!best || t.gain > best.gain)) {
        const threshold = t.threshold;
        best = { column: j, gain: t.gain, goesLeft: (x) => x <= threshold, split: { column: c.id, label: c.label, kind: 'continuous', threshold, gain: t.gain } };
      }
      return;
    }
    const names = c.categories!;
    const s = bestSubset(c.values, names, inNode, y, rows, hits, minLeaf);
    if (s && s.gain > 1e-12 && (!best || s.gain > best.gain)) {
      const left = s.left;
      best = {
        column: j, gain: s.gain, goesLeft: (x) => left.has(x),
        split: { column: c.id, label: c.label, kind: 'categorical', left: names.filter((_, i) => left.has(i)), right: names.filter((_, i) => !left.has(i)), gain: s.gain },
      };
    }
  });
  return best;
}

/**
 * Grows a classification tree on an input table and an outcome (1 = case
 * of interest, one per row) and lists its leaves as boxes. Use `discover`
 * for the checked entry point.
 *
 * @example
 * const r = cart(table, y, { maxDepth: 4, minLeaf: 0.02 });
 * r.leaves[0]; // => { density: 1, coverage: 0.93, restrictions: [x1 in [0.2, 0.6], x2 in [0.5, 0.9]], … }
 */
export function cart(table: InputTable, y: Uint8Array, options: CartOptions = {}, path = 'options'): CartResult {
  const maxDepth = options.maxDepth ?? 5;
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > 30) throw new RivalsimError('Invalid maxDepth', `${path}.maxDepth`, maxDepth, 'an integer in 1…30');
  const minShare = options.minLeaf ?? 0.05;
  if (typeof minShare !== 'number' || !(minShare > 0 && minShare <= 0.5)) throw new RivalsimError('Invalid minLeaf', `${path}.minLeaf`, minShare, 'a share of the runs in (0, 0.5]');
  const minLeaf = Math.max(1, Math.floor(minShare * table.rows));
  const order = sortedRows(table);
  const leaves: CartLeaf[] = [];
  const grow = (inNode: Uint8Array, limits: BoxLimits, id: number, depth: number): CartNode => {
    const stats = statsOf(inNode, y);
    const node: CartNode = { id, depth, ...stats, gini: gini(stats.hits, stats.rows), limits };
    const found = depth < maxDepth && node.gini > 0 && stats.rows >= 2 * minLeaf
      ? bestSplit(table, order, inNode, y, stats.rows, stats.hits, minLeaf) : undefined;
    if (!found) {
      leaves.push({
        id, depth, ...stats, purity: Math.max(stats.density, 1 - stats.density), prediction: stats.density >= 0.5,
        restrictions: restrictionsOf(table, y, limits, stats), limits,
      });
      return node;
    }
    const values = table.columns[found.column].values;
    const left = new Uint8Array(inNode.length), right = new Uint8Array(inNode.length);
    for (let r = 0; r < inNode.length; r++) if (inNode[r]) (found.goesLeft(values[r]) ? left : right)[r] = 1;
    const limit = limits[found.column];
    const leftLimits = limits.slice(), rightLimits = limits.slice();
    const s = found.split;
    if (s.kind === 'continuous' && limit.kind === 'continuous') {
      leftLimits[found.column] = { ...limit, upper: Math.min(limit.upper, s.threshold) };
      rightLimits[found.column] = { ...limit, lower: Math.max(limit.lower, s.threshold) };
    } else if (limit.kind === 'categorical') {
      leftLimits[found.column] = { kind: 'categorical', values: limit.values.filter((v) => found.goesLeft(v)) };
      rightLimits[found.column] = { kind: 'categorical', values: limit.values.filter((v) => !found.goesLeft(v)) };
    }
    node.split = s;
    node.left = grow(left, leftLimits, 2 * id, depth + 1);
    node.right = grow(right, rightLimits, 2 * id + 1, depth + 1);
    return node;
  };
  const tree = grow(new Uint8Array(table.rows).fill(1), fullBox(table), 1, 0);
  leaves.sort((a, b) => b.density - a.density || b.coverage - a.coverage || a.id - b.id);
  return { method: 'cart', rows: tree.rows, hits: tree.hits, tree, leaves };
}
