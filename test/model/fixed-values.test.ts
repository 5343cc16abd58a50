/**
 * `values` fixes uncertain inputs by path (what calibration particles and
 * posterior draws use): the value wins over the design and the input's own
 * stream, and the other inputs keep their draws.
 */
import { describe, expect, it } from 'vitest';
import { compileScenario, createRandomSource, runScenario, World } from '../../src/index.js';
import { scenarios } from '../../src/scenarios/china.js';

describe('fixed input values', () => {
  const plan = compileScenario({ ...scenarios.baseline, horizon: 6 });

  it('fix the named input and leave the others drawn as before', () => {
    const free = runScenario(plan, { seed: 3, run: 1 });
    const path = 'events[0].reviewMonths';
    const fixed = runScenario(plan, { seed: 3, run: 1, values: (p) => (p === path ? 7.5 : undefined) });
    expect(fixed.inputs[path]).toBe(7.5);
    expect(free.inputs[path]).not.toBe(7.5);
    for (const [p, v] of Object.entries(free.inputs)) if (p !== path) expect(fixed.inputs[p]).toBe(v);
  });

  it('win over a design placement, also on a reused world', () => {
    const path = 'events[0].approvalProbability';
    const world = new World(plan);
    world.reset(createRandomSource(1, 0), () => 0.5, (p) => (p === path ? 0.25 : undefined));
    expect(world.result().inputs[path]).toBe(0.25);
    world.reset(createRandomSource(1, 0), () => 0.5);
    expect(world.result().inputs[path]).not.toBe(0.25);
  });

  it('reject a value that is not finite, naming the input', () => {
    expect(() => runScenario(plan, { seed: 1, values: (p) => (p === 'events[0].reviewMonths' ? NaN : undefined) }))
      .toThrow(/events\[0\]\.reviewMonths/);
  });
});
