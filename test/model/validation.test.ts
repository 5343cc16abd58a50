/**
 * Bad input to compileScenario / runScenario: each case must throw a
 * RivalsimError whose `path` names the offending field and whose message
 * shows the value received.
 */
import { describe, expect, it } from 'vitest';
import {
  RivalsimError, chinaLandscape, compileScenario, runScenario,
  type EventSpec, type LandscapeSpec, type PartnershipEvent, type ScenarioSpec,
} from '../../src/index.js';

/** Runs `fn`, which must throw a RivalsimError, and returns that error. */
function errorOf(fn: () => unknown): RivalsimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RivalsimError) return e;
    throw new Error(`expected a RivalsimError but got ${String(e)}`);
  }
  throw new Error('expected a RivalsimError but nothing was thrown');
}

/** A fresh, editable copy of the default landscape (no policies: plain data). */
function landscape(): LandscapeSpec {
  return structuredClone(chinaLandscape({ policies: false }));
}

function scenario(overrides: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return { id: 'validation', landscape: landscape(), horizon: 12, ...overrides };
}

function withEvents(...events: unknown[]): ScenarioSpec {
  return scenario({ events: events as EventSpec[] });
}

function deal(overrides: Record<string, unknown> = {}): PartnershipEvent {
  return {
    type: 'partnership', deviceMaker: 'apple', provider: 'alibaba', announceMonth: 1,
    approvalProbability: 0.8, reviewMonths: 4, integrationQuality: 0.85, visibility: 0.5, adoption: 0.5,
    ...overrides,
  } as PartnershipEvent;
}

/**
 * Compiling `spec` throws a RivalsimError at `path` whose message contains
 * each of `shown`; so does running it (runScenario compiles first).
 */
function rejects(spec: ScenarioSpec, path: string, ...shown: string[]): RivalsimError {
  expect(() => compileScenario(spec)).toThrowError(RivalsimError);
  const e = errorOf(() => compileScenario(spec));
  expect(e.name).toBe('RivalsimError');
  expect(e.path).toBe(path);
  expect(e.message).toContain(`→ at ${path}`);
  for (const s of shown) expect(e.message).toContain(s);
  const r = errorOf(() => runScenario(spec, { seed: 1 }));
  expect(r.path).toBe(path);
  expect(r.message).toBe(e.message);
  return e;
}

describe('the valid baseline compiles', () => {
  it('accepts the default landscape and a well-formed deal', () => {
    expect(() => compileScenario(withEvents(deal()))).not.toThrow();
    expect(() => compileScenario(withEvents(deal({ approvalProbability: 0 }), deal({ id: 'b', approvalProbability: 1 })))).not.toThrow();
    expect(() => compileScenario(withEvents(deal({ approvalProbability: { dist: 'uniform', min: 0, max: 1 } })))).not.toThrow();
    expect(() => compileScenario(withEvents(deal({ approvalProbability: { dist: 'normal', mean: 0.5, sd: 0.2, min: 0, max: 1 } })))).not.toThrow();
    expect(() => compileScenario(withEvents(deal({ reviewMonths: { dist: 'triangular', min: 1, mode: 3, max: 3 } })))).not.toThrow();
    expect(() => compileScenario(scenario({ horizon: 1 }))).not.toThrow();
  });
});

describe('references', () => {
  it('rejects an unknown agent in an event', () => {
    const e = rejects(withEvents({ type: 'aiLaunch', agent: 'nokia', month: 1, capabilityGain: 0.2 }), 'events[0].agent', '"nokia"', 'apple');
    expect(e.received).toBe('nokia');
  });

  it('names the index of the offending event', () => {
    rejects(withEvents(deal(), { type: 'shock', agents: ['apple', 'nokia'], change: -0.1, month: 3 }), 'events[1].agents[1]', '"nokia"');
    rejects(withEvents(deal({ provider: 'nokia' })), 'events[0].provider', '"nokia"');
  });

  it('rejects duplicate agent ids', () => {
    const l = landscape();
    l.agents.push({ ...l.agents[0] });
    const e = rejects(scenario({ landscape: l }), `landscape.agents[${l.agents.length - 1}].id`, '"apple"');
    expect(e.message).toMatch(/duplicate/i);
  });

  it('rejects a partnership whose deviceMaker is not a device maker', () => {
    const e = rejects(withEvents(deal({ deviceMaker: 'deepseek' })), 'events[0].deviceMaker', '"deepseek"', 'deviceMaker');
    expect(e.received).toBe('deepseek');
  });

  it('rejects an exit from a market the agent is not in', () => {
    rejects(withEvents({ type: 'exit', agent: 'deepseek', market: 'phones', month: 6 }), 'events[0].agent', '"deepseek"', 'phones');
  });

  it('rejects an entry of an agent already active in the market', () => {
    rejects(withEvents({ type: 'entry', agent: 'apple', market: 'phones', month: 3 }), 'events[0].agent', '"apple"', 'phones');
  });
});

describe('probabilities', () => {
  it('rejects an approval probability above 1', () => {
    const e = rejects(withEvents(deal({ approvalProbability: 1.3 })), 'events[0].approvalProbability', 'received 1.3', '[0, 1]');
    expect(e.received).toBe(1.3);
  });

  it('rejects an approval probability below 0', () => {
    const e = rejects(withEvents(deal({ approvalProbability: -0.1 })), 'events[0].approvalProbability', 'received -0.1');
    expect(e.received).toBe(-0.1);
  });

  it('rejects a distribution whose support leaves [0, 1]', () => {
    const uniform = { dist: 'uniform', min: 0.5, max: 1.2 };
    const e = rejects(withEvents(deal({ approvalProbability: uniform })), 'events[0].approvalProbability', '"max":1.2', '"dist":"uniform"');
    expect(e.received).toEqual(uniform);
    // An untruncated normal reaches below 0 and above 1.
    rejects(withEvents(deal({ approvalProbability: { dist: 'normal', mean: 0.5, sd: 0.1 } })), 'events[0].approvalProbability', '"dist":"normal"');
    // Other fractions of a deal are checked the same way.
    rejects(withEvents(deal({ visibility: { dist: 'beta', alpha: 2, beta: 2, min: 0, max: 1.5 } })), 'events[0].visibility', '"max":1.5');
    rejects(withEvents(deal({ adoption: 2 })), 'events[0].adoption', 'received 2');
  });

  it('rejects NaN, booleans and arrays where a number is expected', () => {
    rejects(withEvents(deal({ approvalProbability: Number.NaN })), 'events[0].approvalProbability', 'received NaN');
    rejects(withEvents(deal({ integrationQuality: true })), 'events[0].integrationQuality', 'received true');
    rejects(withEvents(deal({ integrationQuality: [0.8] })), 'events[0].integrationQuality', 'received [0.8]');
    // (A string is an expression — '0.8' a constant one — so it is not rejected here: whether compileScenario
    // accepts it at once or asks for prepareScenario depends on whether mathjs is loaded yet.)
  });
});

describe('distributions', () => {
  it('rejects an unknown distribution', () => {
    const e = rejects(withEvents(deal({ reviewMonths: { dist: 'poisson', lambda: 4 } })), 'events[0].reviewMonths.dist', '"poisson"', 'triangular');
    expect(e.received).toBe('poisson');
  });

  it('rejects a triangular distribution with mode above max', () => {
    const e = rejects(withEvents(deal({ reviewMonths: { dist: 'triangular', min: 1, mode: 5, max: 3 } })), 'events[0].reviewMonths.max', 'received 3', 'mode (5)');
    expect(e.received).toBe(3);
  });
});

describe('the scenario and the calendar', () => {
  it('rejects horizon 0', () => {
    const e = rejects(scenario({ horizon: 0 }), 'horizon', 'received 0');
    expect(e.received).toBe(0);
  });

  it('rejects a fractional horizon', () => {
    const e = rejects(scenario({ horizon: 2.5 }), 'horizon', 'received 2.5');
    expect(e.received).toBe(2.5);
  });

  it('rejects a bad start date', () => {
    const l = landscape();
    l.start = '2025-13';
    const e = rejects(scenario({ landscape: l }), 'landscape.start', '"2025-13"', 'YYYY-MM');
    expect(e.received).toBe('2025-13');
  });

  it('rejects a bad event date', () => {
    rejects(withEvents({ type: 'aiLaunch', agent: 'deepseek', month: '2025-6', capabilityGain: 0.1 }), 'events[0].month', '"2025-6"');
    rejects(withEvents(deal({ announceMonth: -2 })), 'events[0].announceMonth', 'received -2');
    // A date before the start is the same mistake as a negative step.
    rejects(withEvents(deal({ announceMonth: '2024-06' })), 'events[0].announceMonth', '"2024-06"', '2025-01');
    expect(() => compileScenario(withEvents(deal({ announceMonth: '2025-01' })))).not.toThrow();
  });

  it('rejects an unknown event type', () => {
    const e = rejects(withEvents({ type: 'merger', agent: 'apple', month: 3 }), 'events[0].type', '"merger"', 'partnership');
    expect(e.received).toBe('merger');
  });
});

describe('markets', () => {
  it('rejects initial shares that do not sum to 1, showing the sum', () => {
    const l = landscape();
    const participants = l.markets[0].participants;
    participants[0].initialShare += 0.1; // Apple 0.155 → 0.255
    const sum = participants.reduce((s, p) => s + p.initialShare, 0);
    expect(sum).toBeCloseTo(1.1, 9);
    const e = rejects(scenario({ landscape: l }), 'landscape.markets[0].participants', `shares summing to ${sum}`);
    expect(e.message).toMatch(/summing to 1\.(1|09)/);
    // The assistant market is checked too.
    const l2 = landscape();
    l2.markets[1].participants.pop(); // drop 'others'
    rejects(scenario({ landscape: l2 }), 'landscape.markets[1].participants', 'shares summing to 0.');
  });

  it('rejects a seasonality of the wrong length', () => {
    const l = landscape();
    const phones = l.markets[0];
    if (phones.kind !== 'devices') throw new Error('phones should be a device market');
    phones.seasonality = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const e = rejects(scenario({ landscape: l }), 'landscape.markets[0].seasonality', '[1,1,1,1,1,1,1,1,1,1,1]', 'twelve');
    expect(e.received).toHaveLength(11);
  });

  it('rejects a weight on an attribute no agent has', () => {
    const l = landscape();
    l.markets[0].weights = { ...l.markets[0].weights, batteryLife: 0.4 };
    const e = rejects(scenario({ landscape: l }), 'landscape.markets[0].weights.batteryLife', 'received 0.4');
    expect(e.received).toBe(0.4);
  });
});

describe('policies', () => {
  it('rejects a policy spec of unknown kind', () => {
    const l = landscape();
    l.agents[0].policy = { kind: 'bribeRegulator' } as never;
    const e = rejects(scenario({ landscape: l }), 'landscape.agents[0].policy', '"bribeRegulator"', 'defendShare');
    expect(e.received).toEqual({ kind: 'bribeRegulator' });
  });

  it('names the index inside a list of policies', () => {
    const l = chinaLandscape(); // default policies: Apple has [defendShare, seekPartner]
    const apple = l.agents.findIndex((a) => a.id === 'apple');
    const list = l.agents[apple].policy as unknown[];
    expect(list).toHaveLength(2);
    list.push({ kind: 'bribeRegulator' });
    rejects(scenario({ landscape: l }), `landscape.agents[${apple}].policy[2]`, '"bribeRegulator"');
  });
});

describe('errors found while running a world', () => {
  it('rejects an installed base too small for the sales, at its declaration path', () => {
    const spec = scenario({ landscape: chinaLandscape({ policies: false, appleInstalledBase: 1 }) });
    expect(() => compileScenario(spec)).not.toThrow();
    const e = errorOf(() => runScenario(spec, { seed: 1 }));
    expect(e.path).toBe('landscape.markets[0].participants[0].installedBase');
    expect(e.message).toContain('received 1');
    // When uncertain, the message shows the value drawn.
    const uncertain = scenario({ landscape: chinaLandscape({ policies: false, appleInstalledBase: { dist: 'uniform', min: 0.5, max: 1 } }) });
    const u = errorOf(() => runScenario(uncertain, { seed: 3 }));
    expect(u.path).toBe('landscape.markets[0].participants[0].installedBase');
    expect(typeof u.received).toBe('number');
    expect(u.received as number).toBeGreaterThanOrEqual(0.5);
    expect(u.received as number).toBeLessThanOrEqual(1);
    expect(u.message).toContain(`received ${u.received}`);
  });
});
