/**
 * The rebuilt model's mechanisms, each shown through the public API on the
 * default China landscape: symmetric AI (a maker given a rival's roadmap
 * moves like it; policies compare a phone's AI with rival phones'), flows
 * between brands through the price tiers, an assistant market that can
 * surge and fade, coupling from assistants back to phones, and a subsidy
 * that moves the makers under its cap.
 */
import { describe, expect, it } from 'vitest';
import {
  accelerateAI, chinaLandscape, compare, runScenario,
  type EventSpec, type LandscapeSpec, type RunResult, type ScenarioSpec,
} from '../../src/index.js';

const HORIZON = 24;

/** The default landscape without policies (unless asked), launches of typical strength. */
function landscape(policies = false): LandscapeSpec {
  const l = chinaLandscape({ policies });
  l.parameters = { ...l.parameters, launchStrengthSd: 0 };
  return l;
}

function scenario(events: EventSpec[], l = landscape(), extra: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return { id: 'mechanism', landscape: l, horizon: HORIZON, events, ...extra };
}

function quiet(events: EventSpec[], l = landscape()): RunResult {
  return runScenario(scenario(events, l, { switches: { noise: false, policies: false } }), { seed: 1 });
}

describe('symmetric AI', () => {
  const upgrade = (agent: string): EventSpec => ({ type: 'aiLaunch', agent, month: 3, capabilityGain: 0.3, ramp: { kind: 'linear', months: 3 } });
  const none = quiet([]);

  it('a maker given a rival\'s roadmap moves like it: the same upgrade lifts either about as much, relative to its share', () => {
    const gains = ['vivo', 'xiaomi', 'oppo', 'honor', 'huawei'].map((maker) => {
      const r = quiet([upgrade(maker)]);
      const s0 = none.at('phones', 'share', maker, HORIZON);
      const gain = r.at('phones', 'share', maker, HORIZON) - s0;
      return { maker, relative: gain / (s0 * (1 - s0)) };
    });
    for (const g of gains) expect(g.relative, g.maker).toBeGreaterThan(0.02);
    const rel = gains.map((g) => g.relative);
    // A logit responds with ds ∝ s (1 − s); tiers and bases make the rest differ by less than a factor of two.
    expect(Math.max(...rel) / Math.min(...rel)).toBeLessThan(2);
  });

  it('policies compare a phone\'s AI with rival phones\', not with the assistant market\'s leaders', () => {
    // Xiaomi's phones at par with the best rival phone; the assistant leaders (0.7+) far ahead of it in AI.
    const l = landscape();
    const level = (id: string) => l.agents.find((a) => a.id === id)!;
    for (const id of ['huawei', 'honor', 'vivo', 'oppo', 'xiaomi', 'others']) level(id).attributes!.aiCapability = 0.45;
    level('xiaomi').policy = [accelerateAI()];
    const atPar = runScenario(scenario([], l, { switches: { noise: false } }), { seed: 1 });
    expect(atPar.events.filter((e) => e.kind === 'policy' && e.agent === 'xiaomi')).toEqual([]);
    // One rival phone pulls ahead: now Xiaomi invests.
    const behind = runScenario(scenario([{ type: 'aiLaunch', agent: 'huawei', month: 2, capabilityGain: 0.3 }], l, { switches: { noise: false } }), { seed: 1 });
    const acts = behind.events.filter((e) => e.kind === 'policy' && e.agent === 'xiaomi');
    expect(acts.length).toBeGreaterThan(0);
    expect(acts[0].detail).toContain('invest in AI');
  });
});

describe('flows between brands', () => {
  const r = quiet([]);
  const agents = r.market('phones').agents;
  /** Where Apple's replacing buyers go at step t, as fractions of those who leave Apple. */
  const leavers = (t: number) => {
    const f = Object.fromEntries(agents.map((a) => [a, r.at('phones', 'flow:apple', a, t)]));
    const out = agents.filter((a) => a !== 'apple').reduce((s, a) => s + f[a], 0);
    return Object.fromEntries(agents.map((a) => [a, f[a] / out]));
  };

  it('are buyers in millions a month: from each brand they add up to its replacing buyers', () => {
    for (const t of [0, 6, 12]) {
      let total = 0;
      for (const from of agents) for (const to of agents) total += r.at('phones', `flow:${from}`, to, t);
      const sales = agents.reduce((s, a) => s + r.at('phones', 'sales', a, t), 0);
      expect(total).toBeCloseTo(sales, 9);
      for (const to of agents) {
        const into = agents.reduce((s, from) => s + r.at('phones', `flow:${from}`, to, t), 0);
        expect(into, `${to} at ${t}`).toBeCloseTo(r.at('phones', 'sales', to, t), 9);
      }
    }
  });

  it('send Apple\'s lost buyers to Huawei first (QuestMobile: Huawei 15.3 %, OPPO 8.9 %, Xiaomi 7.3 % of Apple\'s replacers)', () => {
    for (const t of [0, 6, 12]) {
      const l = leavers(t);
      expect(l.huawei, `step ${t}`).toBeGreaterThan(l.vivo);
      expect(l.huawei).toBeGreaterThan(l.oppo);
      expect(l.huawei).toBeGreaterThan(l.xiaomi);
      // Far more than a plain logit's share-proportional split would send (about 19 % of the leavers).
      expect(l.huawei).toBeGreaterThan(0.25);
    }
  });

  it('on the market QuestMobile measured (December 2023), Apple\'s leavers go Huawei > OPPO > Xiaomi over the next year, in its proportions', () => {
    // The landscape as it stood in January 2024; QuestMobile: Huawei 15.3 %, OPPO 8.9 %, Xiaomi 7.3 % of Apple's replacers (1 : 0.58 : 0.48).
    const l = chinaLandscape({ start: '2024-01', policies: false });
    l.parameters = { ...l.parameters, launchStrengthSd: 0 };
    const r2024 = runScenario({ id: 'flows-2024', landscape: l, horizon: 12, switches: { noise: false, policies: false } }, { seed: 1 });
    const year = (to: 'huawei' | 'oppo' | 'xiaomi') => Array.from({ length: 12 }, (_, t) => r2024.at('phones', 'flow:apple', to, t)).reduce((a, b) => a + b, 0);
    const [huawei, oppo, xiaomi] = [year('huawei'), year('oppo'), year('xiaomi')];
    expect(huawei).toBeGreaterThan(oppo);
    expect(oppo).toBeGreaterThan(xiaomi);
    expect(oppo / huawei).toBeCloseTo(8.9 / 15.3, 1);
    expect(xiaomi / huawei).toBeCloseTo(7.3 / 15.3, 1);
  });
});

describe('assistants as people use them', () => {
  // A capability jump with a burst of attention (trial rates many times higher at first) that fades (half-life 2 months), for Baidu's assistant.
  const jump: EventSpec[] = [
    { type: 'aiLaunch', agent: 'baidu', month: 1, capabilityGain: 0.1 },
    { type: 'shock', agents: ['baidu'], market: 'assistants', change: 2.5, month: 1, halfLifeMonths: 2 },
    // Rivals catch up within months, as they did after DeepSeek-R1.
    ...['bytedance', 'alibaba', 'tencent'].map((agent): EventSpec => ({ type: 'aiLaunch', agent, month: 3, capabilityGain: 0.25, ramp: { kind: 'linear', months: 3 } })),
  ];
  const r = quiet(jump);
  const users = r.series('assistants', 'ownUsers', 'baidu');

  it('a capability shock moves tens of millions of users within two months', () => {
    expect(users[2] - users[0]).toBeGreaterThan(30);
  });

  it('the novelty fades: within a year of its peak the app loses at least a fifth of its users', () => {
    let peak = 0;
    for (let t = 0; t <= 6; t++) if (users[t] > users[peak]) peak = t;
    const later = Math.min(...Array.from(users.slice(peak, peak + 13)));
    expect(later).toBeLessThanOrEqual(0.8 * users[peak]);
  });

  it('people use several apps: monthly users add up to more than the people using any, and trial users count less in the share of use', () => {
    const agents = r.market('assistants').agents;
    const sumUsers = agents.reduce((s, a) => s + r.at('assistants', 'ownUsers', a, 0), 0);
    expect(sumUsers).toBeCloseTo(249 * 1.15, 6);
    // DeepSeek starts with most of its users on trial: its share of use is below its share of users.
    const share = r.at('assistants', 'share', 'deepseek', 0);
    expect(share).toBeLessThan(r.at('assistants', 'ownUsers', 'deepseek', 0) / sumUsers);
    expect(r.at('assistants', 'trialUsers', 'deepseek', 0)).toBeCloseTo(0.8 * r.at('assistants', 'ownUsers', 'deepseek', 0), 9);
  });
});

describe('coupling both ways', () => {
  it('a shock to Huawei\'s assistant alone raises Huawei\'s phone share (common random numbers, 95 % CI above zero)', async () => {
    const base = scenario([], landscape(true));
    const boosted = scenario([{ type: 'shock', agents: ['huawei'], market: 'assistants', change: 1.5, month: 1 }], landscape(true));
    const c = await compare(base, boosted, { runs: 200, seed: 3, metrics: ['users'] });
    expect(c.difference('assistants', 'share', 'huawei', 12).ciLow).toBeGreaterThan(0.05);
    expect(c.difference('phones', 'share', 'huawei', 12).ciLow).toBeGreaterThan(0);
    expect(c.difference('phones', 'share', 'huawei', HORIZON).ciLow).toBeGreaterThan(0);
  });
});

describe('price tiers and subsidies', () => {
  const subsidy: EventSpec = { type: 'subsidy', market: 'phones', tiers: ['mass'], priceCut: 0.15, month: 1, endMonth: 12 };
  const none = quiet([]);
  const subsidised = quiet([subsidy]);
  const change = (agent: string, t: number) => subsidised.at('phones', 'share', agent, t) - none.at('phones', 'share', agent, t);

  it('a subsidy under the cap raises the share of the makers selling under it and lowers Apple\'s', () => {
    for (const t of [1, 6, 12]) {
      for (const maker of ['vivo', 'xiaomi', 'oppo', 'honor']) expect(change(maker, t), `${maker} at ${t}`).toBeGreaterThan(0);
      expect(change('apple', t)).toBeLessThan(0);
      // Huawei sells half its phones over the cap: it gains less than the makers that sell almost all under it.
      expect(change('huawei', t)).toBeLessThan(change('vivo', t));
    }
    expect(subsidised.events.filter((e) => e.kind === 'subsidy').map((e) => [e.step, e.detail?.slice(0, 3)])).toEqual([[1, 'on:'], [13, 'off']]);
  });

  it('the effect ends with the subsidy, leaving only what the bases carried', () => {
    const during = Math.abs(change('vivo', 6));
    const after = Math.abs(change('vivo', HORIZON));
    expect(after).toBeLessThan(during / 3);
  });
});
