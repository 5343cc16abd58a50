/**
 * What a world keeps from run to run while sampling (issue 14): each
 * input's stream handle (see test/random/stream-handles.test.ts), the start's inputs noted as they are drawn, and a
 * launch's decay table for its half-life. A world reused for many runs must
 * give, run by run, the bits a fresh world gives and those of the reference
 * forms — also when the half-lives and the inputs the start depends on
 * change from run to run (the bundled scenarios fix both).
 */
import { describe, expect, it } from 'vitest';
import { compileScenario, createRandomSource, createWorld, scenarios } from '../../src/index.js';
import { World } from '../../src/model/world/world.js';
import { seriesDiff } from '../compare-results.js';

type Plan = ReturnType<typeof compileScenario>;

/** The flagship's plan with uncertain half-lives of every launch and uncertain units (an input the start depends on). */
function uncertainPlan(): Plan {
  const plan = compileScenario(scenarios['apple-alibaba']);
  for (const agent of plan.agents) {
    for (const launch of agent.launches) launch.halfLifeMonths = { ...launch.halfLifeMonths, value: { dist: 'uniform', min: 1, max: 6 } };
  }
  const phones = plan.markets.find((m) => m.kind === 'devices')!;
  if (phones.kind === 'devices') phones.unitsPerYear = { ...phones.unitsPerYear, value: { dist: 'uniform', min: 250, max: 300 } };
  return plan;
}

describe('a world reused from run to run samples as a fresh one', () => {
  it('with half-lives and start inputs that change from run to run, against fresh worlds and the reference forms', () => {
    const plan = uncertainPlan();
    const reused = new World(plan), reference = new World(plan);
    reference.reference = true;
    const halfLives = new Set<number>();
    for (let run = 0; run < 6; run++) {
      const a = reused.reset(createRandomSource(9, run)).run();
      const b = createWorld(plan, { source: createRandomSource(9, run) }).run();
      const c = reference.reset(createRandomSource(9, run)).run();
      expect(seriesDiff(a, b), `run ${run}, fresh`).toBeUndefined();
      expect(seriesDiff(a, c), `run ${run}, reference`).toBeUndefined();
      expect(JSON.stringify(a.inputs)).toBe(JSON.stringify(c.inputs));
      for (const [path, v] of Object.entries(a.inputs)) if (path.endsWith('.halfLifeMonths')) halfLives.add(v);
    }
    // The half-lives did change from run to run (else the test would not test the tables' renewal).
    expect(halfLives.size).toBeGreaterThan(6);
  });

  it('notes the inputs the start depends on in the order of the inputs, and only those', () => {
    const plan = uncertainPlan();
    const w = createWorld(plan, { seed: 3 });
    expect(w.startPaths).toContain(plan.markets.find((m) => m.kind === 'devices')!.unitsPerYear.path);
    expect(w.startPaths.some((p) => p.includes('.halfLifeMonths'))).toBe(true);
    expect(w.startPaths.every((p) => !p.includes('.weights.') && !p.startsWith('events'))).toBe(true);
    const order = Object.keys(w.inputs).filter((p) => w.startPaths.includes(p));
    expect(w.startPaths).toEqual(order);
    expect(w.startValues).toEqual(order.map((p) => w.inputs[p]));
  });
});
