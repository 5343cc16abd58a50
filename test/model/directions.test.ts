/**
 * Directions of the model's responses on the default China landscape: each
 * test compares two scenarios on the same seed (common random numbers) and
 * checks the sign, and where the model makes it exact the size, of the
 * difference. Policies are switched off where their reactions would blur the
 * comparison (e.g. Apple's seekPartner policy would start its own deal in the
 * no-deal world).
 */
import { describe, expect, it } from 'vitest';
import {
  chinaData, chinaLandscape, runScenario,
  type AssistantMarketSpec, type EventSpec, type LandscapeSpec, type PartnershipEvent, type RunResult, type ScenarioSpec,
} from '../../src/index.js';

const HORIZON = 36;
const SEEDS = [1, 2, 3, 4, 5];

/** Announced at 1, decided after 3 months of review, live at once: go-live at step 4. */
const ANNOUNCE = 1;
const REVIEW = 3;
const GO_LIVE = ANNOUNCE + REVIEW;
const RAMP_MONTHS = 6;
/** First step at full ramp. */
const FULL = GO_LIVE + RAMP_MONTHS - 1;

/** Linear ramp level at the end of step t; the go-live month counts as the first month of the ramp. */
function rampAt(t: number, start = GO_LIVE, months = RAMP_MONTHS): number {
  return Math.max(0, Math.min(1, (t + 1 - start) / months));
}

function deal(overrides: Partial<PartnershipEvent> = {}): PartnershipEvent {
  return {
    type: 'partnership', deviceMaker: 'apple', provider: 'alibaba',
    announceMonth: ANNOUNCE, approvalProbability: 1, reviewMonths: REVIEW,
    integrationQuality: 0.85, visibility: 0.5, adoption: 0.5,
    ramp: { kind: 'linear', months: RAMP_MONTHS },
    ...overrides,
  };
}

function noPolicies(): LandscapeSpec {
  return chinaLandscape({ policies: false });
}

function run(landscape: LandscapeSpec, seed: number, events: EventSpec[] = [], extra: Partial<ScenarioSpec> = {}): RunResult {
  return runScenario({ id: 'directions', landscape, horizon: HORIZON, events, ...extra }, { seed });
}

/** The landscape with Alibaba's cloud capacity replaced (no growth). */
function withAlibabaCapacity(concurrentUsers: number): LandscapeSpec {
  const l = noPolicies();
  l.agents = l.agents.map((a) => (a.id === 'alibaba' ? { ...a, capacity: { concurrentUsers } } : a));
  return l;
}

function mean(xs: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let t = from; t <= to; t++) s += xs[t];
  return s / (to - from + 1);
}

function total(xs: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < xs.length; t++) s += xs[t];
  return s;
}

describe('Apple–Alibaba partnership', () => {
  it('raises Apple’s phone share from a few months after go-live to the horizon, on every seed', () => {
    const landscape = noPolicies();
    for (const seed of SEEDS) {
      const none = run(landscape, seed).series('phones', 'share', 'apple');
      const withDeal = run(landscape, seed, [deal()]).series('phones', 'share', 'apple');
      // Nothing happens before go-live: the same world, draw for draw.
      for (let t = 0; t < GO_LIVE; t++) expect(withDeal[t], `seed ${seed}, step ${t}`).toBe(none[t]);
      for (let t = GO_LIVE + 3; t <= HORIZON; t++) {
        expect(withDeal[t] - none[t], `seed ${seed}, step ${t}`).toBeGreaterThan(0.005);
      }
    }
  });

  it('logs announced, approved and live at the expected steps', () => {
    const r = run(noPolicies(), 1, [deal()]);
    const log = r.events.filter((e) => e.event === 'apple+alibaba').map((e) => [e.kind, e.step, e.agent, e.partner]);
    expect(log).toEqual([
      ['announced', ANNOUNCE, 'apple', 'alibaba'],
      ['approved', GO_LIVE, 'apple', 'alibaba'],
      ['live', GO_LIVE, 'apple', 'alibaba'],
    ]);
    expect(r.events.find((e) => e.kind === 'live')?.date).toBe(r.dates[GO_LIVE]);

    // A later go-live delay moves 'live', not 'approved'.
    const delayed = run(noPolicies(), 1, [deal({ goLiveDelayMonths: 2 })]).events.map((e) => [e.kind, e.step]);
    expect(delayed).toEqual([['announced', ANNOUNCE], ['approved', GO_LIVE], ['live', GO_LIVE + 2]]);
  });

  it('gives Apple the partner’s capability × integration quality × privacy cap once fully ramped', () => {
    const r = run(noPolicies(), 1, [deal({ privacyCap: 0.9 })]);
    const ai = r.series('phones', 'aiCapability', 'apple');
    const alibabaAI = 0.7; // chinaData.providerAttributes.alibaba.aiCapability; capacity is ample (load < 1)
    expect((chinaData.providerAttributes.alibaba as Record<string, number>).aiCapability).toBe(alibabaAI);
    for (let t = 0; t < GO_LIVE; t++) expect(ai[t]).toBe(0);
    for (let t = GO_LIVE; t <= HORIZON; t++) expect(ai[t], `step ${t}`).toBeCloseTo(alibabaAI * 0.85 * 0.9 * rampAt(t), 12);
    expect(ai[GO_LIVE]).toBeGreaterThan(0);
    expect(ai[FULL]).toBeCloseTo(alibabaAI * 0.85 * 0.9, 12);
  });

  it('a rejected deal never goes live and leaves the world as without it', () => {
    const landscape = noPolicies();
    const none = run(landscape, 3);
    const rejected = run(landscape, 3, [deal({ approvalProbability: 0 })]);
    expect(rejected.events.map((e) => [e.kind, e.step])).toEqual([['announced', ANNOUNCE], ['rejected', GO_LIVE]]);
    for (const market of ['phones', 'assistants']) {
      expect(rejected.market(market).data.share).toEqual(none.market(market).data.share);
    }
  });
});

describe('visibility: who is credited with the iPhone usage', () => {
  const landscape = noPolicies();
  const adoption = 0.5;
  const perSeed = [1, 2].map((seed) => ({
    seed,
    none: run(landscape, seed),
    hidden: run(landscape, seed, [deal({ visibility: 0, adoption })]),
    shown: run(landscape, seed, [deal({ visibility: 1, adoption })]),
  }));

  it('with visibility 0 Alibaba serves the iPhone users but is credited with none of them', () => {
    for (const { seed, none, hidden } of perSeed) {
      const served = hidden.series('assistants', 'servedUsers', 'alibaba');
      const own = hidden.series('assistants', 'ownUsers', 'alibaba');
      const users = hidden.series('assistants', 'users', 'alibaba');
      const servedNone = none.series('assistants', 'servedUsers', 'alibaba');
      const appleBase = hidden.series('phones', 'installedBase', 'apple');
      for (let t = 0; t <= HORIZON; t++) {
        // Credited users are exactly its own users: no iPhone usage is credited.
        expect(users[t], `seed ${seed}, step ${t}`).toBe(own[t]);
      }
      for (let t = 0; t < GO_LIVE; t++) expect(served[t]).toBe(servedNone[t]);
      for (let t = GO_LIVE; t <= HORIZON; t++) {
        // It serves `adoption` of Apple's installed base (about 190 M, at the end of the month before) along the ramp …
        const expected = adoption * rampAt(t) * appleBase[t - 1];
        expect(Math.abs(served[t] - own[t] - expected) / expected, `seed ${seed}, step ${t}`).toBeLessThan(1e-9);
        // … which is well above anything it serves without the deal.
        expect(served[t] - servedNone[t]).toBeGreaterThan(0.9 * expected);
      }
      // At full ramp it serves several times the no-deal users.
      for (let t = FULL; t <= HORIZON; t++) expect(served[t]).toBeGreaterThan(4 * servedNone[t]);
    }
  });

  it('with visibility 0 Alibaba’s credited usage share stays near the no-deal share', () => {
    for (const { none, hidden } of perSeed) {
      const a = none.series('assistants', 'share', 'alibaba');
      const b = hidden.series('assistants', 'share', 'alibaba');
      for (let t = 0; t <= HORIZON; t++) expect(Math.abs(b[t] - a[t])).toBeLessThan(0.002);
    }
  });

  it('with visibility 1 the credited extra equals the served extra', () => {
    for (const { seed, shown } of perSeed) {
      const served = shown.series('assistants', 'servedUsers', 'alibaba');
      const own = shown.series('assistants', 'ownUsers', 'alibaba');
      const users = shown.series('assistants', 'users', 'alibaba');
      for (let t = 0; t <= HORIZON; t++) {
        expect(users[t] - own[t], `seed ${seed}, step ${t}`).toBeCloseTo(served[t] - own[t], 9);
      }
      for (let t = GO_LIVE; t <= HORIZON; t++) expect(users[t] - own[t]).toBeGreaterThan(10);
    }
  });

  it('visibility 1 gives Alibaba a higher usage share than visibility 0', () => {
    for (const { seed, hidden, shown } of perSeed) {
      const h = hidden.series('assistants', 'share', 'alibaba');
      const s = shown.series('assistants', 'share', 'alibaba');
      for (let t = 0; t < GO_LIVE; t++) expect(s[t]).toBe(h[t]);
      for (let t = GO_LIVE; t <= HORIZON; t++) expect(s[t] - h[t], `seed ${seed}, step ${t}`).toBeGreaterThan(0.02);
      // Fully ramped, the visible deal makes Alibaba a major assistant.
      expect(s[HORIZON]).toBeGreaterThan(0.15);
      expect(s[HORIZON] - h[HORIZON]).toBeGreaterThan(0.1);
      // Shares still sum to one.
      const sum = Object.values(shown.shares('assistants', HORIZON)).reduce((x, y) => x + y, 0);
      expect(sum).toBeCloseTo(1, 12);
    }
  });
});

describe('cloud capacity of the partner', () => {
  const seeds = [1, 2, 3, 4];
  const gainFrom = GO_LIVE + 3;
  const scarce = withAlibabaCapacity(1);
  const ample = withAlibabaCapacity(100);
  const results = seeds.map((seed) => ({
    seed,
    scarceNone: run(scarce, seed), scarceDeal: run(scarce, seed, [deal()]),
    ampleNone: run(ample, seed), ampleDeal: run(ample, seed, [deal()]),
  }));
  const gain = (d: RunResult, n: RunResult) =>
    mean(d.series('phones', 'share', 'apple'), gainFrom, HORIZON) - mean(n.series('phones', 'share', 'apple'), gainFrom, HORIZON);

  it('scarce capacity shrinks the benefit to Apple’s phone share', () => {
    for (const r of results) {
      const scarceGain = gain(r.scarceDeal, r.scarceNone);
      const ampleGain = gain(r.ampleDeal, r.ampleNone);
      expect(ampleGain, `seed ${r.seed}`).toBeGreaterThan(0.01);
      expect(scarceGain, `seed ${r.seed}`).toBeLessThan(0.5 * ampleGain);
    }
  });

  it('over capacity the load exceeds 1 and outages show in the metric and the log', () => {
    for (const { seed, scarceDeal, scarceNone } of results) {
      const load = scarceDeal.series('assistants', 'load', 'alibaba');
      const outages = scarceDeal.series('assistants', 'outages', 'alibaba');
      expect(Math.max(...load), `seed ${seed}`).toBeGreaterThan(1);
      // Served demand alone: 0.05 × 0.5 × ~225 M ≈ 5.6 M concurrent against 1 M.
      for (let t = FULL; t <= HORIZON; t++) expect(load[t]).toBeGreaterThan(3);
      expect(total(outages)).toBeGreaterThan(0);
      const logged = scarceDeal.events.filter((e) => e.kind === 'outage' && e.agent === 'alibaba');
      expect(logged.length).toBe(total(outages));
      for (const e of logged) {
        expect(outages[e.step]).toBe(1);
        expect(load[e.step]).toBeGreaterThan(1);
      }
      // The deal's demand causes them: far fewer without it.
      expect(total(scarceNone.series('assistants', 'outages', 'alibaba'))).toBeLessThan(total(outages));
      // Overload degrades the capability Alibaba (and so Apple) delivers.
      expect(scarceDeal.at('assistants', 'aiCapability', 'alibaba', HORIZON)).toBeLessThan(0.7 / 2);
    }
  });

  it('with ample capacity there is no overload and no outage', () => {
    for (const { seed, ampleDeal } of results) {
      const load = ampleDeal.series('assistants', 'load', 'alibaba');
      expect(Math.max(...load), `seed ${seed}`).toBeLessThan(1);
      expect(total(ampleDeal.series('assistants', 'outages', 'alibaba'))).toBe(0);
      expect(ampleDeal.events.filter((e) => e.kind === 'outage')).toEqual([]);
      expect(ampleDeal.at('assistants', 'aiCapability', 'alibaba', HORIZON)).toBeCloseTo(0.7, 12);
    }
  });
});

describe('launches, shocks, entry and exit', () => {
  const landscape = noPolicies();

  it('an AI launch with a capability gain raises the provider’s assistant share', () => {
    for (const seed of [1, 2, 3]) {
      const launchMonth = 3;
      const base = run(landscape, seed).series('assistants', 'share', 'deepseek');
      const r = run(landscape, seed, [{ type: 'aiLaunch', agent: 'deepseek', month: launchMonth, capabilityGain: 0.2, ramp: { kind: 'linear', months: 3 } }]);
      const launched = r.series('assistants', 'share', 'deepseek');
      expect(r.events.filter((e) => e.kind === 'launch').map((e) => [e.kind, e.step, e.agent])).toEqual([['launch', launchMonth, 'deepseek']]);
      for (let t = 0; t < launchMonth; t++) expect(launched[t]).toBe(base[t]);
      for (let t = launchMonth; t <= HORIZON; t++) expect(launched[t] - base[t], `seed ${seed}, step ${t}`).toBeGreaterThan(0);
      expect(launched[HORIZON] - base[HORIZON]).toBeGreaterThan(0.03);
    }
  });

  it('a negative capability gain lowers the provider’s assistant share', () => {
    const base = run(landscape, 2).series('assistants', 'share', 'bytedance');
    const cut = run(landscape, 2, [{ type: 'aiLaunch', agent: 'bytedance', month: 6, capabilityGain: -0.2 }]).series('assistants', 'share', 'bytedance');
    for (let t = 6; t <= HORIZON; t++) expect(cut[t]).toBeLessThan(base[t]);
  });

  it('a negative utility shock lowers a phone maker’s share while it lasts', () => {
    const month = 6;
    for (const seed of [1, 2, 3]) {
      const base = run(landscape, seed).series('phones', 'share', 'honor');
      const r = run(landscape, seed, [{ type: 'shock', agents: ['honor'], market: 'phones', change: -0.5, month, halfLifeMonths: 3 }]);
      const shocked = r.series('phones', 'share', 'honor');
      expect(r.events.map((e) => [e.kind, e.step])).toEqual([['shock', month]]);
      for (let t = 0; t < month; t++) expect(shocked[t]).toBe(base[t]);
      expect(base[month] - shocked[month], `seed ${seed}`).toBeGreaterThan(0.02);
      for (let t = month; t <= month + 12; t++) expect(shocked[t], `seed ${seed}, step ${t}`).toBeLessThan(base[t]);
      // It decays (half-life 3 months): the gap a year later is much smaller than at impact.
      expect(base[month + 12] - shocked[month + 12]).toBeLessThan((base[month] - shocked[month]) / 4);
    }
  });

  it('a permanent negative shock keeps the share lower to the horizon', () => {
    const base = run(landscape, 4).series('phones', 'share', 'vivo');
    const shocked = run(landscape, 4, [{ type: 'shock', agents: ['vivo'], market: 'phones', change: -0.3, month: '2025-07' }]).series('phones', 'share', 'vivo');
    for (let t = 0; t < 6; t++) expect(shocked[t]).toBe(base[t]);
    for (let t = 6; t <= HORIZON; t++) expect(base[t] - shocked[t]).toBeGreaterThan(0.01);
  });

  /** The landscape with a new assistant that has a (zero-share) slot in the market, so both worlds draw the same noise. */
  function withNewco(): LandscapeSpec {
    const l = noPolicies();
    l.agents.push({ id: 'newco', name: 'NewCo', roles: ['aiProvider'], attributes: { aiCapability: 0.8, brand: 0.5, privacyTrust: 0.5 } });
    l.markets[1].participants.push({ agent: 'newco', initialShare: 0 });
    return l;
  }
  const entry: EventSpec = { type: 'entry', agent: 'newco', market: 'assistants', month: 6, choiceShare: 0.1 };

  it('entry of a new agent takes share from the incumbents', () => {
    const l = withNewco();
    for (const seed of [1, 2]) {
      const base = run(l, seed);
      const r = run(l, seed, [entry]);
      expect(r.events.map((e) => [e.kind, e.step, e.agent])).toEqual([['entry', 6, 'newco']]);
      const newco = r.series('assistants', 'share', 'newco');
      for (let t = 0; t < 6; t++) expect(newco[t]).toBe(0);
      for (let t = 6; t <= HORIZON; t++) expect(newco[t], `seed ${seed}, step ${t}`).toBeGreaterThan(0);
      expect(newco[HORIZON]).toBeGreaterThan(0.05);
      expect(base.series('assistants', 'share', 'newco').every((x) => x === 0)).toBe(true);
      for (const incumbent of ['bytedance', 'deepseek', 'alibaba', 'others']) {
        const a = base.series('assistants', 'share', incumbent);
        const b = r.series('assistants', 'share', incumbent);
        for (let t = 0; t < 6; t++) expect(b[t]).toBe(a[t]);
        for (let t = 6; t <= HORIZON; t++) expect(b[t], `${incumbent}, seed ${seed}, step ${t}`).toBeLessThan(a[t]);
      }
      for (const t of [6, 20, HORIZON]) {
        expect(Object.values(r.shares('assistants', t)).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  // Common random numbers: an entry at month 6 should not change months 0–5,
  // even when the entrant has no declared slot (each slot has its own noise stream).
  it('entry of an undeclared agent leaves the months before it unchanged (common random numbers)', () => {
    const l = noPolicies();
    l.agents.push({ id: 'newco', name: 'NewCo', roles: ['aiProvider'], attributes: { aiCapability: 0.8, brand: 0.5, privacyTrust: 0.5 } });
    const base = run(l, 1);
    const r = run(l, 1, [entry]);
    for (let t = 0; t < 6; t++) {
      expect(r.shares('phones', t)).toEqual(base.shares('phones', t));
      for (const a of base.market('assistants').agents) expect(r.at('assistants', 'share', a, t)).toBe(base.at('assistants', 'share', a, t));
    }
  });

  it('exit sends the agent’s sales share to 0 from the exit month on', () => {
    const month = 12;
    for (const seed of [1, 2]) {
      const base = run(landscape, seed);
      const r = run(landscape, seed, [{ type: 'exit', agent: 'oppo', market: 'phones', month }]);
      expect(r.events.map((e) => [e.kind, e.step, e.agent])).toEqual([['exit', month, 'oppo']]);
      const share = r.series('phones', 'share', 'oppo');
      const sales = r.series('phones', 'sales', 'oppo');
      for (let t = 0; t < month; t++) {
        expect(share[t]).toBe(base.at('phones', 'share', 'oppo', t));
        expect(share[t]).toBeGreaterThan(0.1);
      }
      for (let t = month; t <= HORIZON; t++) {
        expect(share[t], `seed ${seed}, step ${t}`).toBe(0);
        expect(sales[t]).toBe(0);
        expect(Object.values(r.shares('phones', t)).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
      }
      // Its users buy elsewhere: rivals gain, its installed base shrinks.
      for (const rival of ['xiaomi', 'vivo']) {
        expect(r.at('phones', 'share', rival, month)).toBeGreaterThan(base.at('phones', 'share', rival, month));
      }
      const ib = r.series('phones', 'installedBase', 'oppo');
      expect(ib[HORIZON]).toBeLessThan(0.7 * ib[month - 1]);
    }
  });

  it('exit from the assistant market empties the provider', () => {
    const r = run(landscape, 1, [{ type: 'exit', agent: 'deepseek', market: 'assistants', month: 12 }]);
    const share = r.series('assistants', 'share', 'deepseek');
    const own = r.series('assistants', 'ownUsers', 'deepseek');
    expect(share[11]).toBeGreaterThan(0.1);
    for (let t = 12; t <= HORIZON; t++) {
      expect(share[t]).toBe(0);
      expect(own[t]).toBe(0);
    }
  });
});

describe('the start', () => {
  const still = (landscape: LandscapeSpec, horizon = HORIZON) =>
    runScenario({ id: 'still', landscape, horizon, switches: { noise: false, policies: false } }, { seed: 1 });
  /** The default landscape on a steady path: bases that its shares would build, launches of typical strength, no AI trend. */
  function steady(calendars = true): LandscapeSpec {
    const l = chinaLandscape({ policies: false });
    for (const p of l.markets[0].participants) delete p.installedBase;
    l.parameters = { ...l.parameters, launchStrengthSd: 0, aiWeightGrowth: 0, appealWeight: 0 };
    if (!calendars) for (const a of l.agents) if (a.launches) a.launches = a.launches.map((x) => ({ ...x, lift: 0 }));
    return l;
  }
  /** Unit-weighted share of `agent` over steps [from, from + 12). */
  const yearShare = (r: RunResult, agent: string, from: number) => {
    let own = 0, all = 0;
    for (let t = from; t < from + 12; t++) {
      own += r.at('phones', 'sales', agent, t);
      for (const b of r.market('phones').agents) all += r.at('phones', 'sales', b, t);
    }
    return own / all;
  };

  it('on a steady path keeps each brand’s unit-weighted annual share within 0.002 of its starting level, each year', () => {
    const l = steady();
    const r = still(l);
    for (const p of l.markets[0].participants) {
      for (const year of [0, 1, 2]) expect(Math.abs(yearShare(r, p.agent, 12 * year) - p.initialShare), `${p.agent}, year ${year + 1}`).toBeLessThan(0.002);
    }
  });

  it('without product calendars a steady path is stationary at every step', () => {
    const l = steady(false);
    const r = still(l);
    for (const p of l.markets[0].participants) {
      for (const x of r.series('phones', 'share', p.agent)) expect(Math.abs(x - p.initialShare), p.agent).toBeLessThan(1e-9);
    }
  });

  it('reproduces every brand’s repurchase rate: loyal buyers plus free choosers who pick it again', () => {
    const l = steady(false);
    const r = still(l, 1);
    for (const p of l.markets[0].participants) {
      const flows = r.market('phones').agents.map((to) => r.at('phones', `flow:${p.agent}`, to, 0));
      const again = r.at('phones', `flow:${p.agent}`, p.agent, 0) / flows.reduce((a, b) => a + b, 0);
      expect(again, p.agent).toBeCloseTo(p.repurchaseRate as number, 9);
    }
  });

  it('from the installed base it has, a brand whose sales run ahead of its base gains, one with a larger base loses', () => {
    const l = chinaLandscape({ policies: false });
    l.parameters = { ...l.parameters, launchStrengthSd: 0, aiWeightGrowth: 0, appealWeight: 0 };
    for (const a of l.agents) if (a.launches) a.launches = a.launches.map((x) => ({ ...x, lift: 0 }));
    const r = still(l);
    const phones = l.markets[0].participants;
    const totalBase = phones.reduce((s, p) => s + (p.installedBase as number), 0);
    for (const p of phones) {
      const baseShare = (p.installedBase as number) / totalBase;
      // The replacements' origin is the base over the brand's cycle: compare like with like.
      const drift = r.at('phones', 'share', p.agent, HORIZON) - r.at('phones', 'share', p.agent, 0);
      if (p.agent === 'xiaomi') { expect(baseShare).toBeLessThan(p.initialShare); expect(drift).toBeGreaterThan(0.001); }
      if (p.agent === 'oppo') { expect(baseShare).toBeGreaterThan(p.initialShare); expect(drift).toBeLessThan(-0.001); }
    }
  });

  it('reproduces Apple’s seasonal peak: its Q4 share above its annual share by 15–35 %, Q2 and Q3 below it', () => {
    const r = still(steady());
    const quarter = (k: number) => {
      let own = 0, all = 0;
      for (let t = 12 + 3 * k; t < 15 + 3 * k; t++) {
        own += r.at('phones', 'sales', 'apple', t);
        for (const b of r.market('phones').agents) all += r.at('phones', 'sales', b, t);
      }
      return own / all;
    };
    const year = yearShare(r, 'apple', 12);
    expect(quarter(3) / year).toBeGreaterThan(1.15);
    expect(quarter(3) / year).toBeLessThan(1.35);
    expect(quarter(1)).toBeLessThan(year);
    expect(quarter(2)).toBeLessThan(year);
  });

  it('keeps each assistant’s users level at the start when the population does not grow', () => {
    const l = chinaLandscape({ policies: false });
    const m = l.markets[1] as AssistantMarketSpec;
    m.bass = { p: 0, q: 0 };
    m.weights = { ...m.weights, reach: 0 };
    const r = still(l, 1);
    for (const p of m.participants) {
      expect(r.at('assistants', 'ownUsers', p.agent, 1), p.agent).toBeCloseTo(r.at('assistants', 'ownUsers', p.agent, 0), 6);
    }
  });

  // Seen from a world: two equal brands with repurchase rate 0.8 (loyalty 0.6 reproduces it).
  it('a two-brand market with feasible repurchase rates runs and keeps them', () => {
    const landscape: LandscapeSpec = {
      start: '2025-01',
      agents: ['a', 'b'].map((id) => ({ id, name: id.toUpperCase(), roles: ['deviceMaker' as const], attributes: { brand: 0.5 } })),
      markets: [{
        kind: 'devices', id: 'phones', name: 'Phones', unitsPerYear: 100, replacementCycleMonths: 30, weights: { brand: 1 },
        participants: [{ agent: 'a', initialShare: 0.5, repurchaseRate: 0.8 }, { agent: 'b', initialShare: 0.5, repurchaseRate: 0.8 }],
      }],
    };
    const r = runScenario({ id: 'two-brands', landscape, horizon: 3 }, { seed: 1 });
    expect(r.shares('phones', 3)).toEqual({ a: 0.5, b: 0.5 });
  });

  it('names the participant when loyal repurchases of its base alone exceed its starting share', () => {
    const l = chinaLandscape({ policies: false });
    const oppo = l.markets[0].participants.find((p) => p.agent === 'oppo')!;
    oppo.installedBase = 900;
    expect(() => still(l, 1)).toThrow(/loyal repurchases[\s\S]*participants\[5\]\.initialShare/);
  });
});
