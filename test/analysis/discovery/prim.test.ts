import { describe, expect, it } from 'vitest';
import { binomialUpperTail, boxStats, describeRestriction, membership, type Restriction } from '../../../src/analysis/discovery/box.js';
import { describeBox, discover } from '../../../src/analysis/discovery/discover.js';
import { prim } from '../../../src/analysis/discovery/prim.js';
import { RivalsimError } from '../../../src/index.js';
import { syntheticStudy } from './synthetic.js';

const TOLERANCE = 0.04;

/** The interval a box gives an input (the whole line when it is not restricted). */
function interval(restrictions: Restriction[], id: string): [number, number] {
  const r = restrictions.find((x) => x.column === id);
  if (!r) return [-Infinity, Infinity];
  if (r.kind !== 'continuous') throw new Error(`${id} is categorical`);
  return [r.lower, r.upper];
}

describe('PRIM', () => {
  const box = { intervals: { x1: [0.2, 0.6] as [number, number], x2: [0.5, 0.9] as [number, number] } };
  const { table, y } = syntheticStudy(4000, box, { continuous: 6, seed: 11 });

  it('recovers a known box in two of six inputs, and only those two', () => {
    const r = prim(table, y);
    expect(r.box.restrictions.map((x) => x.column).sort()).toEqual(['x1', 'x2']);
    const [lo1, hi1] = interval(r.box.restrictions, 'x1'), [lo2, hi2] = interval(r.box.restrictions, 'x2');
    expect(Math.abs(lo1 - 0.2)).toBeLessThan(TOLERANCE);
    expect(Math.abs(hi1 - 0.6)).toBeLessThan(TOLERANCE);
    expect(Math.abs(lo2 - 0.5)).toBeLessThan(TOLERANCE);
    expect(Math.abs(hi2 - 0.9)).toBeLessThan(TOLERANCE);
    expect(r.box.density).toBe(1);
    expect(r.box.coverage).toBeGreaterThan(0.9);
    for (const x of r.box.restrictions) expect(x.p).toBeLessThan(1e-20);
    // The box's statistics are those of its limits.
    expect(boxStats(table, y, r.box.limits)).toEqual({ rows: r.box.rows, hits: r.box.hits, coverage: r.box.coverage, density: r.box.density, support: r.box.support });
  });

  it('finds it through noise: 10 % of outcomes flipped', () => {
    const noisy = syntheticStudy(4000, box, { continuous: 6, seed: 12, noise: 0.1 });
    const r = prim(noisy.table, noisy.y);
    expect(r.box.restrictions.map((x) => x.column).sort()).toEqual(['x1', 'x2']);
    const [lo1, hi1] = interval(r.box.restrictions, 'x1'), [lo2, hi2] = interval(r.box.restrictions, 'x2');
    for (const [got, want] of [[lo1, 0.2], [hi1, 0.6], [lo2, 0.5], [hi2, 0.9]]) expect(Math.abs(got - want)).toBeLessThan(0.08);
    expect(r.box.density).toBeGreaterThan(0.8);
  });

  it('peels a trajectory of rising density and falling coverage above the minimum support', () => {
    const r = prim(table, y, { minSupport: 0.1, paste: false, prune: false });
    const t = r.trajectory;
    expect(t[0]).toMatchObject({ index: 0, coverage: 1, support: 1, restricted: 0, rows: 4000 });
    for (let i = 1; i < t.length; i++) {
      expect(t[i].density).toBeGreaterThan(t[i - 1].density);
      expect(t[i].coverage).toBeLessThanOrEqual(t[i - 1].coverage);
      expect(t[i].support).toBeGreaterThanOrEqual(0.1);
      // Each peel removes about α = 5 % of the box (at least one run, whole ties).
      expect(t[i].rows).toBeLessThan(t[i - 1].rows);
      expect(t[i].rows).toBeGreaterThanOrEqual(Math.floor(0.95 * t[i - 1].rows) - 1);
    }
    // Unpasted and unpruned, the chosen box is the step itself: the densest with coverage ≥ 0.5.
    const eligible = t.filter((s) => s.coverage >= 0.5);
    const densest = Math.max(...eligible.map((s) => s.density));
    expect(r.box.index).toBe(r.selected);
    expect(r.box.density).toBe(densest);
    expect(r.box.rows).toBe(t[r.selected].rows);
  });

  it('chooses another step on request, and pasting never shrinks a box nor lowers its density', () => {
    const r = prim(table, y, { select: 10, prune: false });
    expect(r.selected).toBe(10);
    for (const i of [3, 10, r.trajectory.length - 1]) {
      const peeled = r.trajectory[i], pasted = r.inspect(i);
      expect(pasted.rows).toBeGreaterThanOrEqual(peeled.rows);
      expect(pasted.density).toBeGreaterThanOrEqual(peeled.density);
      const inside = membership(table, peeled.limits), wider = membership(table, pasted.limits);
      inside.forEach((v, k) => { if (v) expect(wider[k]).toBe(1); });
    }
    expect(() => prim(table, y, { select: 1000 })).toThrow(RivalsimError);
  });

  it('recovers categories as sets: c1 ∈ {a, c} and x1 ≥ 0.5', () => {
    const s = syntheticStudy(4000, { intervals: { x1: [0.5, 1] }, categories: { c1: ['a', 'c'] } }, { continuous: 3, categorical: 2, seed: 5 });
    const r = prim(s.table, s.y);
    const c1 = r.box.restrictions.find((x) => x.column === 'c1');
    expect(c1).toMatchObject({ kind: 'categorical', values: ['a', 'c'], all: ['a', 'b', 'c', 'd'] });
    expect(Math.abs(interval(r.box.restrictions, 'x1')[0] - 0.5)).toBeLessThan(TOLERANCE);
    expect(r.box.restrictions.map((x) => x.column).sort()).toEqual(['c1', 'x1']);
    expect(describeRestriction(c1!)).toBe('c1 ∈ {a, c}');
  });

  it('is deterministic and validates its options', () => {
    expect(JSON.stringify(prim(table, y).box)).toBe(JSON.stringify(prim(table, y).box));
    expect(() => prim(table, y, { alpha: 0.7 })).toThrow(/Invalid alpha: expected a share in \(0, 0.5\) but received 0.7 → at options.alpha/);
    expect(() => prim(table, y, { minSupport: 0 })).toThrow(/Invalid minSupport/);
    expect(() => prim(table, y, { objective: 'greedy' as 'lenient' })).toThrow(/Invalid objective/);
    const original = prim(table, y, { objective: 'original' });
    expect(original.box.restrictions.map((x) => x.column).sort()).toEqual(['x1', 'x2']);
  });
});

describe('quasi-p-values', () => {
  it('are one-sided binomial tails', () => {
    expect(binomialUpperTail(8, 10, 0.5)).toBeCloseTo(56 / 1024, 14);
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(3, 3, 0)).toBe(0);
    expect(binomialUpperTail(10, 10, 0.5)).toBeCloseTo(1 / 1024, 15);
  });
});

describe('discover', () => {
  const { table, y } = syntheticStudy(2000, { intervals: { x1: [0.2, 0.6], x2: [0.5, 0.9] } }, { continuous: 3, seed: 3 });

  it('runs PRIM by default and CART on request, over chosen columns', () => {
    const p = discover(table, Array.from(y, (v) => v === 1));
    expect(p.method).toBe('prim');
    const c = discover(table, y, { method: 'cart', maxDepth: 4, minLeaf: 0.02 });
    expect(c.method).toBe('cart');
    const only = discover(table, y, { columns: ['x1', 'x3'] });
    expect(only.method === 'prim' && only.box.restrictions.every((x) => x.column === 'x1')).toBe(true);
    expect(describeBox(p)[0]).toMatch(/^0\.2\d* ≤ x1 ≤ 0\.[56]\d* \(p = .+\)$/);
  });

  it('rejects outcomes that do not fit or hold everywhere or nowhere', () => {
    expect(() => discover(table, y.slice(1))).toThrow(/Outcome does not fit the table: expected one value per run of the table \(2000\) but received 1999/);
    expect(() => discover(table, new Uint8Array(2000))).toThrow(/Nothing to discover/);
    expect(() => discover(table, new Uint8Array(2000).fill(1))).toThrow(/the outcome true in all 2000 runs/);
    expect(() => discover(table, y, { columns: ['x9'] })).toThrow(/Unknown column: expected one of x1, x2, x3 but received "x9" → at options.columns\[0\]/);
    expect(() => discover(table, y, { method: 'tree' as 'cart' })).toThrow(/Unknown method/);
    const holed = { ...table, columns: table.columns.map((c, j) => (j === 1 ? { ...c, values: Float64Array.from(c.values, (v, r) => (r === 7 ? NaN : v)) } : c)) };
    expect(() => discover(holed, y)).toThrow(/Invalid input column: expected finite numbers but received "NaN in row 7 of x2" → at table.columns\[1\]/);
  });
});
