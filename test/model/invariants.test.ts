/**
 * Property-based invariants over randomly generated landscapes and scenarios
 * (see ./arbitraries.ts): 1–3 device and 0–2 assistant markets, random
 * attributes, weights, shocks, product cycles, capacities, loyalties,
 * events of every kind and default policies. Every property runs with a
 * fixed fast-check seed, so the suite is deterministic.
 *
 * The last block pins bugs found this way, now fixed in src, with their
 * minimal reproductions as regression tests (the generator still steers
 * clear of their triggers: see ./arbitraries.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileScenario, createRandomSource, createWorld, runScenario,
  type EventSpec, type PartnershipEvent, type RunResult, type ScenarioSpec,
} from '../../src/index.js';
import { scenarioArb } from '../arbitraries.js';

const RUNS = 60;
const seedArb = fc.integer({ min: 0, max: 1_000_000 });

// ------------------------------------------------------------------ helpers

/**
 * Throws (naming market, metric, agent and step) unless every series is
 * finite and ≥ 0, and `share` (and `installedBaseShare` in device markets)
 * is a probability vector at every step: each value in [0, 1] and the sum
 * 1, both within 1e-12 (a lone remaining brand may get 1 + 2⁻⁵², rounding).
 */
function checkInvariants(r: RunResult): void {
  const T1 = r.dates.length;
  for (const m of r.markets) {
    const n = m.agents.length;
    for (const metric of m.metrics) {
      const data = m.data[metric];
      if (data.length !== n * T1) throw new Error(`${m.id}.${metric}: ${data.length} values, expected ${n * T1}`);
      for (let j = 0; j < n; j++) {
        for (let t = 0; t < T1; t++) {
          const x = data[j * T1 + t];
          if (!Number.isFinite(x) || x < 0) throw new Error(`${m.id}.${metric}[${m.agents[j]}] at step ${t} is ${x}, expected a finite number ≥ 0`);
        }
      }
      if (metric !== 'share' && !(m.kind === 'devices' && metric === 'installedBaseShare')) continue;
      for (let t = 0; t < T1; t++) {
        let sum = 0;
        for (let j = 0; j < n; j++) {
          const x = data[j * T1 + t];
          if (x > 1 + 1e-12) throw new Error(`${m.id}.${metric}[${m.agents[j]}] at step ${t} is ${x} > 1`);
          sum += x;
        }
        if (Math.abs(sum - 1) > 1e-12) throw new Error(`${m.id}.${metric} at step ${t} sums to ${sum}, expected 1 ± 1e-12`);
      }
    }
  }
}

/** The first difference between two results' series (bit for bit, with Object.is), or undefined. */
function seriesDiff(a: RunResult, b: RunResult): string | undefined {
  if (a.markets.length !== b.markets.length) return `${a.markets.length} vs ${b.markets.length} markets`;
  const T1 = a.dates.length;
  for (let k = 0; k < a.markets.length; k++) {
    const ma = a.markets[k], mb = b.markets[k];
    if (ma.id !== mb.id || ma.agents.join() !== mb.agents.join()) return `market ${k}: ${ma.id}[${ma.agents}] vs ${mb.id}[${mb.agents}]`;
    if (ma.metrics.join() !== mb.metrics.join()) return `${ma.id}: metrics ${ma.metrics} vs ${mb.metrics}`;
    for (const metric of ma.metrics) {
      const x = ma.data[metric], y = mb.data[metric];
      if (x.length !== y.length) return `${ma.id}.${metric}: lengths ${x.length} vs ${y.length}`;
      for (let i = 0; i < x.length; i++) {
        if (!Object.is(x[i], y[i])) return `${ma.id}.${metric}[${ma.agents[Math.floor(i / T1)]}] at step ${i % T1}: ${x[i]} vs ${y[i]}`;
      }
    }
  }
  return undefined;
}

function expectSame(a: RunResult, b: RunResult): void {
  expect(seriesDiff(a, b)).toBeUndefined();
  expect(b.events).toEqual(a.events);
}

/** A deep copy of a result's series (results may be views). */
function snapshot(r: RunResult): Array<Record<string, number[]>> {
  return r.markets.map((m) => Object.fromEntries(m.metrics.map((k) => [k, Array.from(m.data[k])])));
}

/**
 * Whether a different seed must change the outputs: noise on, and a device
 * market with AR(1) shocks of sd ≥ 0.01 and at least two starting brands
 * that never exit (so some buyers choose among two or more brands each
 * month: loyalty is at most 0.999).
 */
function isNoisy(spec: ScenarioSpec): boolean {
  if (spec.switches?.noise === false) return false;
  const events = spec.events ?? [];
  return spec.landscape.markets.some((m) => {
    if (m.kind !== 'devices' || !m.shocks || typeof m.shocks.sd !== 'number' || m.shocks.sd < 0.01) return false;
    const stay = m.participants.filter((p) => p.initialShare > 0
      && !events.some((e) => e.type === 'exit' && e.market === m.id && e.agent === p.agent));
    return stay.length >= 2;
  });
}

// ------------------------------------------------------------------ properties

describe('invariants over random landscapes and scenarios', () => {
  it('shares are probability vectors and every metric is finite and non-negative, at every step', () => {
    fc.assert(
      fc.property(scenarioArb(), seedArb, (spec, seed) => {
        checkInvariants(runScenario(spec, { seed }));
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  it('is deterministic in (scenario, seed, run) however the world is made, leaves its input alone, and depends on the seed when there is noise', () => {
    let noisy = 0;
    fc.assert(
      fc.property(scenarioArb(), seedArb, fc.integer({ min: 0, max: 1000 }), (spec, seed, run) => {
        const before = structuredClone(spec);
        const a = runScenario(spec, { seed });
        const b = runScenario(spec, { seed });
        expectSame(a, b);
        expect(b.inputs).toEqual(a.inputs);
        expect(spec).toEqual(before);

        // An explicit source, twice, equals the (seed, run) stream.
        const c = createWorld(spec, { source: createRandomSource(seed, run) }).run();
        expectSame(c, createWorld(spec, { source: createRandomSource(seed, run) }).run());
        expectSame(c, runScenario(spec, { seed, run }));

        // One compiled plan serves many worlds, and one world many runs
        // (reset): neither keeps a trace of an earlier run.
        const plan = compileScenario(spec);
        expectSame(a, runScenario(plan, { seed }));
        const world = createWorld(plan, { seed: seed + 1, run: run + 1 });
        const earlier = world.run();
        const kept = snapshot(earlier);
        world.reset(createRandomSource(seed, run));
        expectSame(c, world.run());
        // A result is a copy: resetting and rerunning the world leaves it as it was.
        expect(snapshot(earlier)).toEqual(kept);

        if (isNoisy(spec)) {
          noisy++;
          expect(seriesDiff(a, runScenario(spec, { seed: seed + 1 }))).toBeDefined();
        }
      }),
      { seed: 42, numRuns: RUNS },
    );
    expect(noisy).toBeGreaterThanOrEqual(5);
  });

  it('a partnership that is never approved changes nothing, and stepping one month at a time equals runScenario', () => {
    // A generated scenario with at least one assistant market, plus one more
    // partnership whose approval probability is 0 (written in several
    // ways), inserted anywhere in the event list.
    const arb = fc.tuple(scenarioArb({ minAssistantMarkets: 1 }), fc.gen(), seedArb).map(([spec, g, seed]) => {
      const markets = spec.landscape.markets;
      const dms = markets.filter((m) => m.kind === 'devices');
      const ams = markets.filter((m) => m.kind === 'assistants');
      const dm = dms[g(fc.integer, { min: 0, max: dms.length - 1 })];
      const am = ams[g(fc.integer, { min: 0, max: ams.length - 1 })];
      const maker = dm.participants[g(fc.integer, { min: 0, max: dm.participants.length - 1 })].agent;
      const provider = am.participants[g(fc.integer, { min: 0, max: am.participants.length - 1 })].agent;
      const never = g(fc.constantFrom, 0, { dist: 'fixed' as const, value: 0 }, { dist: 'discrete' as const, values: [0] }, { dist: 'uniform' as const, min: 0, max: 0 });
      const unit = () => g(fc.double, { min: 0, max: 1, noNaN: true });
      const deal: PartnershipEvent = {
        type: 'partnership', deviceMaker: maker, provider, deviceMarket: dm.id, assistantMarket: am.id,
        announceMonth: g(fc.integer, { min: 0, max: (spec.horizon ?? 36) + 1 }), approvalProbability: never,
        reviewMonths: g(fc.integer, { min: 0, max: 6 }), goLiveDelayMonths: g(fc.integer, { min: 0, max: 3 }),
        integrationQuality: unit(), privacyCap: unit(), visibility: unit(), adoption: unit(),
        ramp: g(fc.constantFrom, { kind: 'immediate' as const }, { kind: 'linear' as const, months: 3 }, { kind: 'bass' as const, p: 0.2, q: 0.5 }),
      };
      // Policies may legitimately react to a deal, even an unapproved one:
      // the parties see it as 'planned', 'announced' and 'rejected', and
      // seekPartner does not seek while one of its deals is on its way. So
      // the two parties get no policy here; then nothing may differ.
      const agents = spec.landscape.agents.map((a) => (a.id === maker || a.id === provider ? { ...a, policy: undefined } : a));
      const events = (spec.events ?? []).slice();
      const at = g(fc.integer, { min: 0, max: events.length });
      events.splice(at, 0, deal);
      const withDeal: ScenarioSpec = { ...spec, landscape: { ...spec.landscape, agents }, events };
      // Pin every event's id to the one compile gives it, so removing the
      // deal renames no other event (a default id such as 'a1+a2#2' would
      // otherwise become 'a1+a2' and draw from another stream).
      const ids = compileScenario(withDeal).events.map((e) => e.id);
      const pinned: EventSpec[] = events.map((e, i) => ({ ...e, id: ids[i] }));
      return {
        seed, dealId: ids[at],
        withDeal: { ...withDeal, events: pinned },
        without: { ...withDeal, events: pinned.filter((_, i) => i !== at) },
      };
    });
    fc.assert(
      fc.property(arb, ({ seed, dealId, withDeal, without }) => {
        const a = runScenario(withDeal, { seed });
        const b = runScenario(without, { seed });
        expect(seriesDiff(a, b)).toBeUndefined();
        expect(a.events.filter((e) => e.event !== dealId)).toEqual(b.events);
        expect(a.events.filter((e) => e.event === dealId && (e.kind === 'approved' || e.kind === 'live'))).toEqual([]);

        // One month at a time, observing in between, equals runScenario:
        // each month's values are final when written, later months are zero.
        const world = createWorld(withDeal, { seed });
        const ids = withDeal.landscape.agents.map((x) => x.id);
        const T1 = a.dates.length;
        while (!world.done) {
          world.step();
          world.observe(ids[world.t % ids.length]);
          for (const m of world.result().markets) {
            const fin = a.market(m.id);
            for (const metric of m.metrics) {
              for (let j = 0; j < m.agents.length; j++) {
                const i = j * T1 + world.t;
                if (!Object.is(m.data[metric][i], fin.data[metric][i])) {
                  throw new Error(`step ${world.t}: ${m.id}.${metric}[${m.agents[j]}] is ${m.data[metric][i]} stepping, ${fin.data[metric][i]} in runScenario`);
                }
                if (world.t + 1 < T1 && m.data[metric][i + 1] !== 0) throw new Error(`step ${world.t}: ${m.id}.${metric}[${m.agents[j]}] already set at step ${world.t + 1}`);
              }
            }
          }
        }
        expectSame(a, world.result());
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  it('observations agree with the world: rank and best rival AI computed from every agent\'s own view', () => {
    fc.assert(
      fc.property(scenarioArb(), seedArb, (spec, seed) => {
        const world = createWorld(spec, { seed });
        const ids = spec.landscape.agents.map((a) => a.id);
        while (!world.done) {
          world.step();
          if (world.t % 5 !== 0) continue;
          // Snapshot every agent's view of every market, then check each against the others.
          const views = ids.flatMap((id) => world.observe(id).markets.map((m) => ({ id, market: m.market, share: m.share, ai: m.aiCapability, active: m.active, rank: m.rank, best: m.bestRivalAI })));
          for (const v of views) {
            const rivals = views.filter((o) => o.market === v.market && o.id !== v.id && o.active);
            expect(v.best).toBe(rivals.reduce((best, o) => Math.max(best, o.ai), 0));
            expect(v.rank).toBe(1 + rivals.filter((o) => o.share > v.share).length);
          }
        }
      }),
      { numRuns: 25, seed: 11 },
    );
  });

  it('the installed base of each device market is conserved while no brand enters or exits, and grows only with the market', () => {
    // Replacement sales move users between brands; they create or destroy
    // none. Market growth adds first-time buyers (or, negative, retirees
    // who do not buy): then the base follows the growth's sign.
    let checked = 0, full = 0;
    fc.assert(
      fc.property(scenarioArb(), seedArb, (spec, seed) => {
        const r = runScenario(spec, { seed });
        const T1 = r.dates.length;
        for (const m of r.markets) {
          if (m.kind !== 'devices') continue;
          const declared = spec.landscape.markets.find((x) => x.id === m.id) as { growthPerYear?: unknown };
          const growth = typeof declared.growthPerYear === 'number' ? declared.growthPerYear : declared.growthPerYear === undefined ? 0 : NaN;
          const base = m.data.installedBase, n = m.agents.length;
          const moves = r.events.filter((e) => (e.kind === 'entry' || e.kind === 'exit') && e.detail === m.id).map((e) => e.step);
          const total = (t: number) => { let s = 0; for (let j = 0; j < n; j++) s += base[j * T1 + t]; return s; };
          for (let k = 0; k < base.length; k++) if (!(base[k] >= 0)) throw new Error(`${m.id}: negative installed base ${base[k]}`);
          const b0 = total(0);
          let t = 1;
          for (; t < T1 && !moves.includes(t); t++) {
            const bt = total(t), prev = total(t - 1);
            if (growth === 0 && !(Math.abs(bt - b0) <= 1e-9 * b0)) throw new Error(`${m.id}: installed base ${bt} at step ${t}, ${b0} at step 0`);
            if (growth > 0 && !(bt >= prev * (1 - 1e-12))) throw new Error(`${m.id}: a growing market's base fell at step ${t}`);
            if (growth < 0 && !(bt <= prev * (1 + 1e-12))) throw new Error(`${m.id}: a shrinking market's base rose at step ${t}`);
          }
          checked++;
          if (t === T1 && moves.length === 0) full++;
        }
      }),
      { seed: 42, numRuns: RUNS },
    );
    expect(full).toBeGreaterThan(checked / 2);
  });
});

// ------------------------------------------------------------------ bugs found, now fixed

/** Two phone makers at 50 % each, 2 years' replacement cycle. */
function phones(b: { repurchaseRate?: number }, aLift = 0, events: EventSpec[] = []): ScenarioSpec {
  return {
    id: 'repro', horizon: 3, events,
    landscape: {
      start: '2025-01',
      agents: [
        { id: 'a', name: 'A', roles: ['deviceMaker'], productCycle: { launchMonth: 9, lift: aLift, halfLifeMonths: 2 } },
        { id: 'b', name: 'B', roles: ['deviceMaker'] },
      ],
      markets: [{
        kind: 'devices', id: 'phones', name: 'Phones', unitsPerYear: 120, replacementCycleMonths: 24, weights: {},
        participants: [{ agent: 'a', initialShare: 0.5 }, { agent: 'b', initialShare: 0.5, ...b }],
      }],
    },
  };
}

describe('once bugs in src, found by the properties above', () => {
  // repurchaseRate 1 is a valid probability; solveLoyalty turned it into
  // loyalty exactly 1 (explicit loyalties are capped at 0.999), so the
  // brand's equilibrium choice probability was 0 and its intercept -Infinity.
  // With any product cycle in the market, solveIntercepts' fixed point then
  // computed log(0 / 0) and every share was NaN from step 0.
  it('repurchaseRate 1 next to a product cycle keeps shares finite', () => {
    checkInvariants(runScenario(phones({ repurchaseRate: 1 }, 0.3), { seed: 1 }));
  });

  // Same root cause: once the other brand exits, the only active brand had
  // utility -Infinity and the softmax computed exp(-Inf - -Inf) = NaN.
  it('repurchaseRate 1 with the other brand exiting keeps shares finite', () => {
    checkInvariants(runScenario(phones({ repurchaseRate: 1 }, 0, [{ type: 'exit', agent: 'a', market: 'phones', month: 2 }]), { seed: 1 }));
  });

  // An assistant market where nobody reconsiders (reconsiderationRate 0)
  // and nobody adopts (users at the potential, or p = q = 0): the
  // equilibrium choice was s·(g + m·y) / (m·D + g) = 0 / 0, so intercepts and
  // from step 1 on every share and user count were NaN. They must stay put.
  it('an assistant market with no reconsideration, no trial users and no growth keeps its shares', () => {
    const spec: ScenarioSpec = {
      id: 'frozen', horizon: 3,
      landscape: {
        start: '2025-01',
        agents: [{ id: 'a', name: 'A', roles: ['aiProvider'] }, { id: 'b', name: 'B', roles: ['aiProvider'] }],
        markets: [{
          kind: 'assistants', id: 'ai', name: 'AI', initialUsers: 100, potential: 100, bass: { p: 0.01, q: 0.1 }, reconsiderationRate: 0, trialFraction: 0, weights: {},
          participants: [{ agent: 'a', initialShare: 0.25 }, { agent: 'b', initialShare: 0.75 }],
        }],
      },
    };
    const r = runScenario(spec, { seed: 1 });
    checkInvariants(r);
    // (Within 1e-9: a provider's trial rate is never exactly 0.)
    for (const x of r.series('ai', 'share', 'a')) expect(x).toBeCloseTo(0.25, 9);
  });

  // The default seekPartner policy checked the agent's *role*, not that it
  // takes part in a device market; the world then rejected its action and the
  // whole run threw "Partnership for an agent in no device market" at month
  // byMonth. The scenario compiles; the policy must just not act.
  it('seekPartner on a device maker that sells in no device market does not crash the run', () => {
    const spec: ScenarioSpec = {
      id: 'seek', horizon: 3,
      landscape: {
        start: '2025-01',
        agents: [
          { id: 'maker', name: 'Maker', roles: ['deviceMaker', 'aiProvider'], policy: { kind: 'seekPartner', byMonth: 1 } },
          { id: 'p', name: 'P', roles: ['aiProvider'], attributes: { regulatoryFit: 0.9, aiCapability: 0.5 } },
          { id: 'x', name: 'X', roles: ['deviceMaker'] },
          { id: 'y', name: 'Y', roles: ['deviceMaker'] },
        ],
        markets: [
          { kind: 'devices', id: 'phones', name: 'Phones', unitsPerYear: 120, replacementCycleMonths: 24, weights: {},
            participants: [{ agent: 'x', initialShare: 0.5 }, { agent: 'y', initialShare: 0.5 }] },
          { kind: 'assistants', id: 'ai', name: 'AI', initialUsers: 100, potential: 500, bass: { p: 0.01, q: 0.1 }, reconsiderationRate: 0.2, weights: {},
            participants: [{ agent: 'maker', initialShare: 0.5 }, { agent: 'p', initialShare: 0.5 }] },
        ],
      },
    };
    expect(() => runScenario(spec, { seed: 1 })).not.toThrow();
  });

  // World.result() promises "steps after t are zero until computed"; reset()
  // once left the previous run's months 1…horizon in the series.
  it('after reset, the months not yet simulated are zero', () => {
    const world = createWorld(phones({}), { seed: 1 });
    world.run();
    world.reset(createRandomSource(2));
    expect(Array.from(world.result().series('phones', 'sales', 'a')).slice(1)).toEqual([0, 0, 0]);
  });
});
