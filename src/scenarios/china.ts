/**
 * Bundled scenarios on the default China landscape. Ids are public API.
 */
import { chinaLandscape } from '../landscapes/china.js';
import type { AgentSpec, EventSpec, LandscapeSpec, PartnershipEvent, ScenarioSpec } from '../model/types.js';

/** Consumers' weight on a phone's AI rises by 0.01–0.03 a month up to 1.5 (from 0.6). */
function withRisingAIWeight(landscape: LandscapeSpec): LandscapeSpec {
  return {
    ...landscape,
    markets: landscape.markets.map((m) => (m.kind === 'devices'
      ? { ...m, weightDrift: { ...m.weightDrift, aiCapability: { perMonth: { dist: 'uniform', min: 0.01, max: 0.03 }, limit: 1.5 } } }
      : m)),
  };
}

function withAgent(landscape: LandscapeSpec, id: string, change: (a: AgentSpec) => AgentSpec): LandscapeSpec {
  return { ...landscape, agents: landscape.agents.map((a) => (a.id === id ? change(a) : a)) };
}

/** The Apple–Alibaba deal as submitted in February 2025, approval uncertain. */
function appleAlibabaDeal(overrides: Partial<PartnershipEvent> = {}): PartnershipEvent {
  return {
    type: 'partnership', id: 'apple+alibaba', deviceMaker: 'apple', provider: 'alibaba',
    announceMonth: '2025-02',
    approvalProbability: { dist: 'beta', alpha: 6, beta: 3 },
    reviewMonths: { dist: 'triangular', min: 2, mode: 4, max: 12 },
    goLiveDelayMonths: { dist: 'triangular', min: 0, mode: 1, max: 4 },
    integrationQuality: { dist: 'pert', min: 0.6, mode: 0.8, max: 0.95 },
    privacyCap: { dist: 'uniform', min: 0.8, max: 1 },
    visibility: { dist: 'uniform', min: 0.1, max: 0.5 },
    adoption: { dist: 'pert', min: 0.2, mode: 0.45, max: 0.7 },
    ramp: { kind: 'linear', months: 6 },
    ...overrides,
  };
}

/** DeepSeek's R1 (20 January 2025) and the viral uptake of its app. */
const deepseekR1: EventSpec = {
  type: 'aiLaunch', id: 'launch:deepseek-r1', agent: 'deepseek', month: 0,
  capabilityGain: { dist: 'uniform', min: 0.15, max: 0.3 }, ramp: { kind: 'bass', p: 0.2, q: 0.6 },
};

/** Device makers' own assistants keep improving during 2025. */
function homegrownUpgrades(gain: { min: number; max: number }): EventSpec[] {
  return (['huawei', 'honor', 'vivo'] as const).map((agent) => ({
    type: 'aiLaunch', id: `launch:${agent}-assistant`, agent,
    month: { dist: 'uniform', min: 2, max: 8 },
    capabilityGain: { dist: 'uniform', min: gain.min, max: gain.max },
    ramp: { kind: 'linear', months: 6 },
  }));
}

/**
 * `baseline` — the world as of January 2025.
 *
 * @example
 * baselineScenario().events?.length; // => 5
 */
export function baselineScenario(): ScenarioSpec {
  return {
    id: 'baseline',
    name: 'Baseline: the world as of January 2025',
    description:
      'Shares as tracked for 2024 (Counterpoint sales; aicpb/CNNIC assistant users). Apple and Alibaba submit their ' +
      'co-developed AI features to the Cyberspace Administration in February 2025; approval is uncertain in outcome ' +
      '(Beta(6, 3), mean 0.67) and timing (2–12 months of review). DeepSeek launches R1 in January 2025; Huawei, Honor and ' +
      'vivo upgrade their own assistants during 2025. Consumers weigh a phone\'s AI more each month. If the deal is ' +
      'rejected, Apple\'s policy seeks another partner with a passing regulatory fit.',
    landscape: withRisingAIWeight(chinaLandscape()),
    horizon: 36,
    events: [appleAlibabaDeal(), deepseekR1, ...homegrownUpgrades({ min: 0.05, max: 0.15 })],
  };
}

/**
 * `apple-alibaba` — the deal approved, go-live uncertain, Alibaba's cloud
 * sized for the concurrent demand of China's iPhone users.
 *
 * @example
 * appleAlibabaScenario().id; // => 'apple-alibaba'
 */
export function appleAlibabaScenario(): ScenarioSpec {
  const base = baselineScenario();
  // 225 M iPhones × 5 % online at the peak ≈ 11 M concurrent users, plus Alibaba's own.
  const landscape = withAgent(base.landscape, 'alibaba', (a) => ({ ...a, capacity: { concurrentUsers: 14, growthPerMonth: 0.03 } }));
  return {
    ...base,
    id: 'apple-alibaba',
    name: 'Apple–Alibaba: the deal approved',
    description:
      'As the baseline, but the regulator approves the Apple–Alibaba features after 1–8 months of review (triangular, ' +
      'mode 3), go-live follows within 0–4 months, and Alibaba\'s cloud is sized for the concurrent demand of about ' +
      '225 M iPhone users in China (14 M concurrent users, growing 3 % a month), as its Singles\' Day record suggests it can.',
    landscape,
    events: base.events!.map((e) => (e.type === 'partnership' && e.id === 'apple+alibaba'
      ? appleAlibabaDeal({ approvalProbability: 1, reviewMonths: { dist: 'triangular', min: 1, mode: 3, max: 8 } })
      : e)),
  };
}

/**
 * The bundled scenarios, keyed by kebab-case id.
 *
 * @example
 * Object.keys(scenarios); // => ['baseline', 'apple-alibaba']
 */
export const scenarios: Readonly<Record<string, ScenarioSpec>> = {
  baseline: baselineScenario(),
  'apple-alibaba': appleAlibabaScenario(),
};
