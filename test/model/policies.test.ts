/**
 * The native path of the built-in policies (World.runPolicies evaluates
 * defendShare, accelerateAI and seekPartner's early returns on its arrays)
 * against the generic path (observation → decide → actions), forced with the
 * internal world option `nativePolicies: false`: every series bit for bit,
 * the event log, the sampled inputs and the policies' memories must be the
 * same, for the bundled scenarios and for random scenarios with random
 * policy options (look-backs, markets, cooldowns, gaps, periods, …).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  accelerateAI, compileScenario, createRandomSource, createWorld, defendShare, resolvePolicy, scenarios, seekPartner, simulate,
  type AgentSpec, type Policy, type RunResult, type ScenarioSpec,
} from '../../src/index.js';
import type { World } from '../../src/model/world.js';
import { scenarioArb } from '../arbitraries.js';
import { seriesDiff } from '../compare-results.js';


/** What one run leaves: its result (or the error it threw), the policies' memories, and how many observations it built. */
interface Outcome {
  result?: RunResult;
  error?: string;
  memories: unknown;
  observations: number;
}

/** The world's private state the tests look at. */
type Internals = { policiesOf: Array<Array<{ memory: unknown }>>; observations: unknown[] };

/** Each agent's policies' memories. */
const memoriesOf = (w: Internals | undefined) => w?.policiesOf.map((entries) => entries.map((e) => structuredClone(e.memory)));

/** Runs `spec` (or a plan) for (seed, run), natively or through the generic path. */
function runOnce(spec: ScenarioSpec | ReturnType<typeof compileScenario>, seed: number, run: number, native: boolean): Outcome {
  let world: World | undefined;
  try {
    world = createWorld(spec, { source: createRandomSource(seed, run), nativePolicies: native });
    const result = world.run();
    const w = world as unknown as Internals;
    return { result, memories: memoriesOf(w), observations: w.observations.filter(Boolean).length };
  } catch (e) {
    const w = world as unknown as Internals | undefined;
    return { error: String(e), memories: memoriesOf(w), observations: 0 };
  }
}


/** Asserts that the native and the generic path give the same run; returns the native outcome. */
function expectSamePaths(spec: ScenarioSpec | ReturnType<typeof compileScenario>, seed: number, run: number): Outcome {
  const native = runOnce(spec, seed, run, true);
  const generic = runOnce(spec, seed, run, false);
  expect(native.error).toBe(generic.error);
  expect(native.memories).toEqual(generic.memories);
  if (native.result && generic.result) {
    expect(seriesDiff(native.result, generic.result)).toBeUndefined();
    expect(native.result.events).toEqual(generic.result.events);
    expect(JSON.stringify(native.result.events)).toBe(JSON.stringify(generic.result.events));
    expect(native.result.inputs).toEqual(generic.result.inputs);
  }
  return native;
}

/** The number of policy log entries of a run whose detail contains `text`. */
function policyEntries(o: Outcome, text: string): number {
  return o.result?.events.filter((e) => e.kind === 'policy' && e.detail?.includes(text)).length ?? 0;
}

/** `spec` with agent `id` changed. */
function withAgent(spec: ScenarioSpec, id: string, change: (a: AgentSpec) => AgentSpec): ScenarioSpec {
  return { ...spec, landscape: { ...spec.landscape, agents: spec.landscape.agents.map((a) => (a.id === id ? change(a) : a)) } };
}

/** `spec` with every agent's policies replaced by `make(agent)` (none when it returns undefined). */
function withPolicies(spec: ScenarioSpec, make: (a: AgentSpec) => Policy[] | undefined): ScenarioSpec {
  return { ...spec, landscape: { ...spec.landscape, agents: spec.landscape.agents.map((a) => ({ ...a, policy: make(a) ?? [] })) } };
}

describe('native built-in policies equal the generic path', () => {
  it('in every bundled scenario, for several seeds and runs', () => {
    let cuts = 0, invests = 0, pulls = 0;
    for (const [name, spec] of Object.entries(scenarios)) {
      const plan = compileScenario(spec);
      for (const [seed, run] of [[1, 0], [7, 3], [42, 11], [2025, 29]]) {
        const o = expectSamePaths(plan, seed, run);
        expect(o.error, name).toBeUndefined();
        cuts += policyEntries(o, 'price cut');
        invests += policyEntries(o, 'invest in AI');
        pulls += policyEntries(o, 'forward by');
      }
    }
    // The comparison covered every native action.
    expect(cuts).toBeGreaterThan(0);
    expect(invests).toBeGreaterThan(0);
    expect(pulls).toBeGreaterThan(0);
  });

  it('when Apple\'s deal is rejected and its seekPartner falls back to the generic path (and acts)', () => {
    const base = scenarios['apple-alibaba'];
    const spec: ScenarioSpec = {
      ...base, events: (base.events ?? []).map((e) => (e.type === 'partnership' && e.id === 'apple+alibaba' ? { ...e, approvalProbability: 0 } : e)),
    };
    let seeks = 0;
    for (const seed of [1, 2, 3]) {
      const o = expectSamePaths(spec, seed, 0);
      seeks += policyEntries(o, 'seek partner');
    }
    expect(seeks).toBeGreaterThan(0);
  });

  it('with policies acting at every step (thresholds and gaps always met, no cooldown), every > 1, look-backs and markets', () => {
    const base = scenarios['apple-alibaba'];
    for (const lookbackMonths of [1, 2, 3, 5, 12]) {
      const spec = withPolicies(base, (a) => {
        const roles = a.roles ?? [];
        const out: Policy[] = [];
        if (roles.includes('deviceMaker')) {
          out.push({ ...defendShare({ dropThreshold: -1, cooldownMonths: 0, lookbackMonths, utility: 0.01, halfLifeMonths: 2 }), every: 2 });
          out.push(defendShare({ market: 'phones', lookbackMonths, dropThreshold: 0.002, cooldownMonths: 1 }));
        } else {
          out.push(defendShare({ lookbackMonths, dropThreshold: 0 }));
        }
        if (roles.includes('aiProvider')) {
          out.push(accelerateAI({ gap: -1, gain: 0.01, months: 3, cooldownMonths: 0, pullForwardMonths: 1 }));
          out.push({ ...accelerateAI({ gap: 0.05, cooldownMonths: 2 }), every: 3 });
        }
        if (a.id === 'apple') out.push(seekPartner({ byMonth: 0, minAICapability: 2, allowRivals: true }));
        return out;
      });
      for (const seed of [3, 4]) {
        const o = expectSamePaths(spec, seed, seed);
        expect(o.error).toBeUndefined();
        expect(policyEntries(o, 'price cut')).toBeGreaterThan(36);
      }
    }
  });

  it('with entries and exits (inactive agents) and seasonal lifts', () => {
    // Oppo leaves phones in month 5; Xiaomi's assistant enters assistants in month 14; Xiaomi cuts
    // prices in every market it is active in each month and invests when behind; the makers' product
    // calendars make phone shares seasonal.
    const base = withAgent(scenarios['apple-alibaba'], 'xiaomi', (a) => ({
      ...a, roles: ['deviceMaker', 'aiProvider'], policy: [defendShare({ dropThreshold: -1, cooldownMonths: 0 }), accelerateAI({ gap: 0, cooldownMonths: 1 })],
    }));
    // Xiaomi's assistant starts outside the market (its users counted in others') and enters in month 14.
    const assistants = base.landscape.markets[1];
    const xiaomi = assistants.participants.find((p) => p.agent === 'xiaomi')!;
    const others = assistants.participants.find((p) => p.agent === 'others')!;
    const landscape = {
      ...base.landscape,
      markets: [base.landscape.markets[0], {
        ...assistants,
        participants: assistants.participants.map((p) => (p === xiaomi ? { ...p, initialShare: 0 } : p === others ? { ...p, initialShare: others.initialShare + xiaomi.initialShare } : p)),
      }],
    };
    const spec: ScenarioSpec = {
      ...base,
      landscape,
      events: [
        ...(base.events ?? []).filter((e) => !(e.type === 'partnership' && e.deviceMaker === 'oppo')),
        { type: 'exit', id: 'oppo-out', agent: 'oppo', market: 'phones', month: 5 },
        { type: 'entry', id: 'xiaomi-in', agent: 'xiaomi', market: 'assistants', month: 14, choiceShare: 0.1 },
      ],
    };
    expect(spec.landscape.agents.find((a) => a.id === 'apple')?.launches?.length).toBeGreaterThan(0);
    for (const seed of [5, 6, 7]) {
      const o = expectSamePaths(spec, seed, 1);
      expect(o.error).toBeUndefined();
      // Policies see last month's state: Xiaomi cuts in assistants from month 15 on, every month.
      const steps = o.result!.events.filter((e) => e.agent === 'xiaomi' && e.detail?.includes('price cut in assistants')).map((e) => e.step);
      expect(steps).toEqual(Array.from({ length: 36 - 14 }, (_, i) => 15 + i));
    }
  });

  it('over random scenarios with random policy options', () => {
    let runs = 0, acted = 0;
    fc.assert(
      fc.property(variedScenarioArb(), fc.integer({ min: 0, max: 1_000_000 }), (spec, seed) => {
        for (const run of [0, 1]) {
          const o = expectSamePaths(spec, seed, run);
          runs++;
          if (o.result?.events.some((e) => e.kind === 'policy')) acted++;
        }
      }),
      // No shrinking on failure: each shrink step runs four worlds (a failure would take minutes to shrink).
      // 70 random scenarios, two runs each, in the fast tier (raise numRuns for a wider search when changing a policy).
      { seed: 7, numRuns: 70, endOnFailure: true },
    );
    // Most random runs had policies acting.
    expect(acted).toBeGreaterThan(runs / 3);
  });

  it('through simulate (the whole library output)', async () => {
    const spec = scenarios['apple-alibaba'];
    const native = (await simulate(spec, { runs: 40, seed: 7 })).toCSV();
    // The same policies behind decide functions of their own never take the native path.
    const wrapped = withPolicies(spec, (a) => (a.policy === undefined ? undefined : [a.policy].flat().map((p) => {
      const policy = resolvePolicy(p as Policy, 'policy');
      return { ...policy, decide: (obs: Parameters<Policy['decide']>[0], memory: Record<string, unknown>) => policy.decide(obs, memory) };
    })));
    const generic = (await simulate(wrapped, { runs: 40, seed: 7 })).toCSV();
    expect(native).toBe(generic);
  });
});

describe('which policies take the native path', () => {
  /** A small world: apple-alibaba with `policy` for Apple and no other policies. */
  function applesOnly(policy: Policy | Policy[]): ScenarioSpec {
    return withPolicies(scenarios['apple-alibaba'], (a) => (a.id === 'apple' ? [policy].flat() : undefined));
  }

  it('built-in policies (and copies of them) build no observation', () => {
    const o = expectSamePaths(applesOnly([{ ...defendShare({ dropThreshold: -1, cooldownMonths: 2 }), every: 2 }, accelerateAI({ gap: -1 })]), 1, 0);
    expect(policyEntries(o, 'price cut')).toBeGreaterThan(0);
    expect(o.observations).toBe(0);
    expect(runOnce(applesOnly(defendShare()), 1, 0, false).observations).toBe(1);
  });

  it('a user policy named defendShare is decided by its own decide', () => {
    const decide = vi.fn(() => [{ kind: 'cutPrice' as const, market: 'phones', utility: 0.2 }]);
    const o = runOnce(applesOnly({ name: 'defendShare', decide }), 1, 0, true);
    expect(decide).toHaveBeenCalledTimes(36);
    expect(policyEntries(o, 'defendShare: price cut in phones (utility +0.2)')).toBe(36);
  });

  it('a built-in policy whose decide was replaced is decided by the new decide', () => {
    const p = defendShare();
    const original = p.decide;
    const decide = vi.fn((obs, memory) => original(obs, memory));
    p.decide = decide;
    expectSamePaths(applesOnly(p), 1, 0);
    expect(decide).toHaveBeenCalledTimes(72);
  });

  it('a renamed built-in policy logs its new name, also when renamed between runs of one world', () => {
    const p = defendShare({ dropThreshold: -1, cooldownMonths: 0 });
    p.name = 'first';
    const plan = compileScenario(applesOnly(p));
    const world = createWorld(plan, { seed: 1 });
    expect(policyEntries({ result: world.run(), memories: undefined, observations: 0 }, 'first: price cut in phones (utility +0.15)')).toBe(36);
    p.name = 'second';
    world.reset(createRandomSource(1, 0));
    const o = { result: world.run(), memories: undefined, observations: 0 };
    expect(policyEntries(o, 'second: price cut')).toBe(36);
    expect(policyEntries(o, 'first:')).toBe(0);
    expectSamePaths(plan, 1, 0);
  });

  it('invalid options throw the same error on both paths', () => {
    for (const p of [defendShare({ dropThreshold: -1, utility: NaN }), accelerateAI({ gap: -1, gain: Infinity }), accelerateAI({ gap: -1, months: -1 })]) {
      const spec = withPolicies(scenarios['baseline'], (a) => (a.id === 'deepseek' || a.id === 'apple' ? [p] : undefined));
      const native = expectSamePaths(spec, 1, 0);
      expect(native.error).toMatch(/Invalid/);
    }
  });
});

/**
 * Random scenarios (./arbitraries.ts) whose policies are rebuilt with random
 * options — look-backs 1–12, a market (its own or another), half-lives,
 * cooldowns (0 included), thresholds and gaps that are always met, periods
 * `every` 1–4, seekPartner thresholds and rivals — as factory-made objects.
 */
function variedScenarioArb(): fc.Arbitrary<ScenarioSpec> {
  return fc.gen().map((g) => {
    const spec = g(scenarioArb, {});
    const marketIds = spec.landscape.markets.map((m) => m.id);
    const chance = (p: number) => g(fc.integer, { min: 0, max: 99 }) < p * 100;
    const num = (min: number, max: number) => g(fc.double, { min, max, noNaN: true, noDefaultInfinity: true });
    const int = (min: number, max: number) => g(fc.integer, { min, max });
    const vary = (p: Policy): Policy => {
      let q: Policy;
      switch (p.name) {
        case 'defendShare':
          q = defendShare({
            ...(chance(0.5) ? { lookbackMonths: int(1, 12) } : {}),
            ...(chance(0.4) ? { market: marketIds[int(0, marketIds.length - 1)] } : {}),
            ...(chance(0.5) ? { dropThreshold: chance(0.3) ? -1 : num(0, 0.03) } : {}),
            ...(chance(0.5) ? { cooldownMonths: int(0, 8) } : {}),
            ...(chance(0.3) ? { halfLifeMonths: num(0.5, 12) } : {}),
            ...(chance(0.3) ? { utility: num(-0.2, 0.5) } : {}),
          });
          break;
        case 'accelerateAI':
          q = accelerateAI({
            ...(chance(0.5) ? { gap: chance(0.3) ? -1 : num(0, 0.3) } : {}),
            ...(chance(0.4) ? { gain: num(0, 0.2) } : {}),
            ...(chance(0.4) ? { months: int(0, 8) } : {}),
            ...(chance(0.4) ? { pullForwardMonths: int(0, 6) } : {}),
            ...(chance(0.5) ? { cooldownMonths: int(0, 8) } : {}),
          });
          break;
        case 'seekPartner':
          q = seekPartner({
            ...(chance(0.5) ? { byMonth: int(0, 12) } : {}),
            ...(chance(0.5) ? { minAICapability: chance(0.5) ? 2 : num(0, 0.5) } : {}),
            ...(chance(0.5) ? { minRegulatoryFit: num(0, 1) } : {}),
            ...(chance(0.3) ? { allowRivals: true } : {}),
          });
          break;
        default:
          return p;
      }
      return chance(0.3) ? { ...q, every: int(2, 4) } : q;
    };
    return {
      ...spec,
      landscape: {
        ...spec.landscape,
        agents: spec.landscape.agents.map((a) => {
          if (a.policy === undefined) return a;
          const policies = [a.policy].flat().map((x, k) => resolvePolicy(x, `${a.id}.policy[${k}]`));
          return { ...a, policy: policies.map(vary) };
        }),
      },
    };
  });
}

describe('accelerateAI', () => {
  const observation = (own: number, best: number) => ({
    step: 12, ownAICapability: own, pendingLaunches: [],
    markets: [{ market: 'phones', active: true, aiCapability: own, bestRivalAI: best }],
  }) as unknown as Parameters<Policy['decide']>[0];

  it('acts on a gap above its threshold, not on a tie that floating point puts an ulp above it', () => {
    const p = accelerateAI({ gap: 0.1, gain: 0.05, months: 6 });
    expect(0.55 - 0.45 > 0.1).toBe(true); // the artefact the tolerance is for
    expect(p.decide(observation(0.45, 0.55), {})).toBeUndefined();
    expect(p.decide(observation(0.45, 0.56), {})).toEqual([{ kind: 'investAI', gain: 0.05, months: 6 }]);
  });
});
