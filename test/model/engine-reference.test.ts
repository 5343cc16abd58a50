/**
 * The per-run engine's optimised mechanisms against their reference forms
 * (the internal world option `reference: true`, or `engineSettings` for the
 * worlds `simulate` makes): every series bit for bit, the event log, the
 * sampled inputs and any error must be the same, run by run, for every
 * bundled scenario, for random scenarios, on worlds reused from run to run
 * (as the Monte Carlo loop reuses them) and through `simulate`.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { compileScenario, createRandomSource, createWorld, scenarios, simulate, type RunResult, type ScenarioSpec } from '../../src/index.js';
import { studyReadsFlows } from '../../src/montecarlo/simulate.js';
import { engineSettings, World } from '../../src/model/world/world.js';
import { scenarioArb } from '../arbitraries.js';
import { seriesDiff } from '../compare-results.js';

type Plan = ReturnType<typeof compileScenario>;


/** What a run leaves: its result or its error. */
interface Outcome { result?: RunResult; error?: string }

/** Runs (seed, run) on `world` (reset for it), or on a fresh world when none is given. */
function runOn(spec: ScenarioSpec | Plan, seed: number, run: number, reference: boolean, world?: World): Outcome {
  try {
    const source = createRandomSource(seed, run);
    const w = world ? world.reset(source) : createWorld(spec, { source, reference });
    return { result: w.run() };
  } catch (e) {
    return { error: String(e) };
  }
}

function expectSame(a: Outcome, b: Outcome, where: string): void {
  expect(a.error, where).toBe(b.error);
  if (a.result && b.result) {
    expect(seriesDiff(a.result, b.result), where).toBeUndefined();
    expect(JSON.stringify(a.result.events), where).toBe(JSON.stringify(b.result.events));
    expect(JSON.stringify(a.result.inputs), where).toBe(JSON.stringify(b.result.inputs));
  }
}

/** A world of `plan` running the reference forms or not. */
function worldOf(plan: Plan, reference: boolean, flows = true): World {
  const w = new World(plan, undefined, undefined, undefined, { flows });
  w.reference = reference;
  return w;
}

afterEach(() => { engineSettings.reference = false; });

describe('the optimised per-run engine equals its reference forms, bit for bit', () => {
  it('in every bundled scenario, run by run, on fresh worlds and on worlds reused from run to run', () => {
    for (const [name, spec] of Object.entries(scenarios)) {
      const plan = compileScenario(spec);
      const fast = worldOf(plan, false), reference = worldOf(plan, true);
      for (const [seed, run] of [[1, 0], [7, 3], [42, 11], [2025, 29], [7, 4], [7, 5]]) {
        expectSame(runOn(plan, seed, run, false), runOn(plan, seed, run, true), `${name} (${seed}, ${run})`);
        expectSame(runOn(plan, seed, run, false, fast), runOn(plan, seed, run, true, reference), `${name} (${seed}, ${run}), reused`);
      }
    }
  });

  it('over random scenarios (several runs on one world each)', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: 0, max: 1_000_000 }), (spec, seed) => {
        let plan: Plan;
        try { plan = compileScenario(spec); } catch { return; }
        const fast = worldOf(plan, false), reference = worldOf(plan, true);
        // Run 0 on fresh worlds, then three runs on one reused world of each engine.
        expectSame(runOn(plan, seed, 0, false), runOn(plan, seed, 0, true), 'run 0');
        for (const run of [0, 1, 2]) {
          expectSame(runOn(plan, seed, run, false, fast), runOn(plan, seed, run, true, reference), `run ${run}, reused`);
        }
      }),
      // No shrinking on failure: each shrink step runs eight worlds. 60 scenarios, each a different mix of
      // agents, markets, events and policies (raise numRuns here for a wider search when changing a mechanism).
      { seed: 11, numRuns: 60, endOnFailure: true },
    );
  });

  it('through simulate (the whole library output)', async () => {
    for (const id of ['apple-alibaba', 'capacity-crunch'] as const) {
      const fast = (await simulate(scenarios[id], { runs: 60, seed: 7, keepPaths: 2 })).toCSV();
      engineSettings.reference = true;
      const reference = (await simulate(scenarios[id], { runs: 60, seed: 7, keepPaths: 2 })).toCSV();
      engineSettings.reference = false;
      expect(fast).toBe(reference);
    }
  });
});

describe('a study that reads no flows computes none', () => {
  /** The run's series but the flows, bit for bit; and whether every flow is zero. */
  function expectSameButFlows(a: RunResult, b: RunResult, where: string): void {
    const strip = (r: RunResult) => {
      const c = r.clone();
      for (const m of c.markets) for (const k of m.metrics) if (k.startsWith('flow:')) m.data[k] = new Float64Array(0);
      return c;
    };
    expect(seriesDiff(strip(a), strip(b)), where).toBeUndefined();
    expect(JSON.stringify(a.events), where).toBe(JSON.stringify(b.events));
    // Not even allocated: a world's memory stays linear in the agents when no flow is read.
    for (const m of b.markets) for (const k of m.metrics) if (k.startsWith('flow:')) expect(m.data[k].length, where).toBe(0);
  }

  it('worlds without flows give every other series bit for bit, in every bundled scenario and random ones', () => {
    const check = (plan: Plan, seed: number, run: number, where: string) => {
      const on = worldOf(plan, false), off = worldOf(plan, false, false);
      let a: RunResult | undefined, b: RunResult | undefined, ea: unknown, eb: unknown;
      try { a = on.reset(createRandomSource(seed, run)).run(); } catch (e) { ea = String(e); }
      try { b = off.reset(createRandomSource(seed, run)).run(); } catch (e) { eb = String(e); }
      expect(eb, where).toBe(ea);
      if (a && b) expectSameButFlows(a, b, where);
    };
    for (const [name, spec] of Object.entries(scenarios)) {
      const plan = compileScenario(spec);
      for (const [seed, run] of [[1, 0], [7, 3], [42, 11]]) check(plan, seed, run, `${name} (${seed}, ${run})`);
    }
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: 0, max: 1_000_000 }), (spec, seed) => {
        let plan: Plan;
        try { plan = compileScenario(spec); } catch { return; }
        for (const run of [0, 1]) check(plan, seed, run, `run ${run}`);
      }),
      { seed: 13, numRuns: 60, endOnFailure: true },
    );
  });

  it('which studies read flows', () => {
    const plan = compileScenario(scenarios['apple-alibaba']);
    expect(studyReadsFlows(plan, { runs: 1 })).toBe(true);
    expect(studyReadsFlows(plan, { runs: 1, metrics: ['share', 'flow:apple'] })).toBe(true);
    expect(studyReadsFlows(plan, { runs: 1, metrics: ['share'], keepPaths: 1 })).toBe(true);
    expect(studyReadsFlows(plan, { runs: 1, metrics: ['share'], predicates: { f: () => true } })).toBe(true);
    expect(studyReadsFlows(plan, { runs: 1, metrics: ['share'], conditions: { f: () => true } })).toBe(true);
    expect(studyReadsFlows(plan, { runs: 1, metrics: ['share', 'sales'], keepPaths: 0, keepInputs: true, predicates: { p: 'share(phones, apple, horizon) > 0.15' } })).toBe(false);
  });

  it('through simulate: the same result as the reference engine (which computes them)', async () => {
    const options = {
      runs: 60, seed: 7, metrics: ['share', 'sales', 'users'], keepInputs: true,
      predicates: { ahead: 'share(phones, apple, horizon) > share(phones, huawei, horizon)' },
      conditions: { approved: 'approved(apple+alibaba)' },
    };
    const spec = scenarios['apple-alibaba'];
    const fast = await simulate(spec, options);
    engineSettings.reference = true;
    const reference = await simulate(spec, options);
    engineSettings.reference = false;
    expect(fast.toCSV()).toBe(reference.toCSV());
    expect(fast.given('approved').toCSV()).toBe(reference.given('approved').toCSV());
    expect(JSON.stringify(fast.rankTable())).toBe(JSON.stringify(reference.rankTable()));
    expect(JSON.stringify(fast.events())).toBe(JSON.stringify(reference.events()));
    expect(fast.probability('ahead')).toEqual(reference.probability('ahead'));
  });
});
