import { describe, expect, it } from 'vitest';
import { membership } from '../../../src/analysis/discovery/box.js';
import { cart, type CartNode } from '../../../src/analysis/discovery/cart.js';
import { RivalsimError } from '../../../src/index.js';
import { syntheticStudy } from './synthetic.js';

function nodes(node: CartNode): CartNode[] {
  return [node, ...(node.left ? nodes(node.left) : []), ...(node.right ? nodes(node.right) : [])];
}

describe('CART', () => {
  const { table, y } = syntheticStudy(4000, { intervals: { x1: [0.2, 0.6], x2: [0.5, 0.9] } }, { continuous: 5, seed: 21 });

  it('recovers a known box as its densest leaf', () => {
    const r = cart(table, y, { maxDepth: 4, minLeaf: 0.02 });
    const best = r.leaves[0];
    expect(best.prediction).toBe(true);
    expect(best.density).toBe(1);
    expect(best.coverage).toBeGreaterThan(0.95);
    expect(best.restrictions.map((x) => x.column).sort()).toEqual(['x1', 'x2']);
    const bounds = Object.fromEntries(best.restrictions.map((x) => [x.column, x.kind === 'continuous' ? [x.lower, x.upper] : []]));
    expect(bounds.x1[0]).toBeCloseTo(0.2, 1);
    expect(bounds.x1[1]).toBeCloseTo(0.6, 1);
    expect(bounds.x2[0]).toBeCloseTo(0.5, 1);
    expect(bounds.x2[1]).toBeCloseTo(0.9, 1);
    // Every other leaf is (nearly) free of cases of interest.
    for (const leaf of r.leaves.slice(1)) expect(leaf.density).toBeLessThan(0.2);
  });

  it('partitions the runs: leaves hold every run once, respect depth and leaf size, and match their limits', () => {
    const r = cart(table, y, { maxDepth: 3, minLeaf: 0.05 });
    expect(r.leaves.reduce((n, l) => n + l.rows, 0)).toBe(4000);
    expect(r.leaves.reduce((n, l) => n + l.hits, 0)).toBe(r.hits);
    const seen = new Uint8Array(4000);
    for (const leaf of r.leaves) {
      expect(leaf.depth).toBeLessThanOrEqual(3);
      expect(leaf.rows).toBeGreaterThanOrEqual(200);
      const inside = membership(table, leaf.limits);
      expect(inside.reduce((n, v) => n + v, 0)).toBe(leaf.rows);
      inside.forEach((v, k) => { seen[k] += v; });
    }
    expect(seen.every((v) => v === 1)).toBe(true);
    for (const n of nodes(r.tree)) {
      if (!n.split) continue;
      expect(n.left!.rows + n.right!.rows).toBe(n.rows);
      expect(n.gini).toBeCloseTo(2 * n.density * (1 - n.density), 12);
      expect(n.split.gain).toBeGreaterThan(0);
    }
    expect(r.leaves.map((l) => l.density)).toEqual([...r.leaves.map((l) => l.density)].sort((a, b) => b - a));
  });

  it('splits categories into sets', () => {
    const s = syntheticStudy(3000, { intervals: {}, categories: { c1: ['b', 'd'] } }, { continuous: 2, categorical: 2, seed: 8 });
    const r = cart(s.table, s.y, { maxDepth: 2 });
    expect(r.tree.split).toMatchObject({ column: 'c1', kind: 'categorical', left: ['a', 'c'], right: ['b', 'd'] });
    expect(r.leaves[0]).toMatchObject({ density: 1, coverage: 1, purity: 1 });
    expect(r.leaves[0].restrictions).toMatchObject([{ column: 'c1', kind: 'categorical', values: ['b', 'd'] }]);
    expect(r.leaves).toHaveLength(2);
  });

  it('validates its options', () => {
    expect(() => cart(table, y, { maxDepth: 0 })).toThrow(RivalsimError);
    expect(() => cart(table, y, { minLeaf: 0.6 })).toThrow(/Invalid minLeaf: expected a share of the runs in \(0, 0.5\] but received 0.6/);
  });
});
