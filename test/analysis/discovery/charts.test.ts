import { describe, expect, it } from 'vitest';
import { cart } from '../../../src/analysis/discovery/cart.js';
import { prim } from '../../../src/analysis/discovery/prim.js';
import { boxSVG, boxSpec, restrictedColour, tradeoffSVG, tradeoffSpec } from '../../../src/charts/discovery.js';
import { VEGA_LITE_SCHEMA } from '../../../src/index.js';
import { syntheticStudy } from './synthetic.js';

const { table, y } = syntheticStudy(2000, { intervals: { x1: [0.2, 0.6] }, categories: { c1: ['a', 'b'] } }, { continuous: 3, categorical: 1, seed: 4 });
const found = prim(table, y);

/** Tags opened and closed balance (a cheap well-formedness check). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2]);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe('discovery charts', () => {
  it('draw the trade-off curve: a point per trajectory box, the chosen box marked', () => {
    const svg = tradeoffSVG(found, { title: 'What makes <x> true?' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="440"')).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(svg).toContain('What makes &lt;x&gt; true?');
    expect(svg.match(/class="step"/g)).toHaveLength(found.trajectory.length);
    expect(svg.match(/class="chosen-box"/g)).toHaveLength(1);
    expect(svg).toContain(`fill="${restrictedColour(2)}"`);
    const spec = tradeoffSpec(found);
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(spec.data.values).toHaveLength(found.trajectory.length + 1);
    expect(spec.data.values.filter((r) => r.chosen)).toEqual([{ step: found.selected, coverage: found.box.coverage, density: found.box.density, support: found.box.support, restricted: 2, chosen: true }]);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('draw a box: one bar per restricted input over its full range, categories as segments', () => {
    const svg = boxSVG(found.box);
    expect(balanced(svg)).toBe(true);
    expect(svg.match(/class="restriction"/g)).toHaveLength(found.box.restrictions.length);
    expect(svg).toContain('c1 ∈ {a, b}');
    // The categorical bar has four segments, two in the box; the continuous bar its full range and the box's part.
    expect(svg.match(/class="in-box"/g)).toHaveLength(2 + 1);
    expect(svg.match(/class="range"/g)).toHaveLength(2 + 1);
    const spec = boxSpec(found.box);
    expect(spec.data.values.filter((r) => r.label !== null).map((r) => r.label)).toEqual(['a', 'b', 'c', 'd']);
    const x1 = spec.data.values.filter((r) => String(r.input).includes('x1') && r.inBox);
    expect(x1).toHaveLength(1);
    expect(Number(x1[0].from)).toBeCloseTo(0.2, 1);
    expect(Number(x1[0].to)).toBeCloseTo(0.6, 1);
    // A CART leaf draws the same way.
    expect(boxSVG(cart(table, y, { maxDepth: 3 }).leaves[0])).toContain('class="restriction"');
    expect(boxSVG({ rows: 10, hits: 5, coverage: 1, density: 0.5, support: 1, restrictions: [] })).toContain('No input restricted');
  });

  it('show month inputs as dates', () => {
    const months = { rows: 100, hits: 50, coverage: 0.9, density: 0.5, support: 0.5, restrictions: [{
      column: 'event:x:live', label: 'x · go-live month', kind: 'continuous' as const, lower: -Infinity, upper: 6.5, min: 2, max: 13, months: true, pUpper: 0.001, p: 0.001,
    }] };
    expect(boxSVG(months, { dates: ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01'] }))
      .toContain('x · go-live month ≤ 2025-07');
  });
});
