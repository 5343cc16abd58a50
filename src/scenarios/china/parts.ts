/**
 * The parts the bundled China scenarios are built from: the 2025
 * landscape with Apple's policies, the Apple–Alibaba deal and its
 * variants, DeepSeek's R1 and its buzz, R1 inside the makers' assistants,
 * the makers' own upgrades and the 2025 trade-in subsidy. Each is built
 * fresh by a function, so no object is shared between two scenarios.
 */
import { chinaData, chinaLandscape, type ChinaLandscapeIds } from '../../landscapes/china.js';
import type { LandscapeIds } from '../../model/ids.js';
import type { PolicySpec } from '../../model/policy-types.js';
import type {
  AgentSpec, AILaunchEvent, CapacitySpec, EventSpec, LandscapeSpec, PartnershipEvent, ShockEvent, SubsidyEvent,
} from '../../model/types.js';

/** The landscape with agent `id` replaced by `change(agent)`. */
export function withAgent<I extends LandscapeIds>(landscape: LandscapeSpec<I>, id: string, change: (a: AgentSpec) => AgentSpec): LandscapeSpec<I> {
  return { ...landscape, agents: landscape.agents.map((a) => (a.id === id ? change(a) : a)) };
}

/** The landscape with the cloud capacity of provider `id` replaced. */
export function withCapacity<I extends LandscapeIds>(landscape: LandscapeSpec<I>, id: string, capacity: CapacitySpec): LandscapeSpec<I> {
  return withAgent(landscape, id, (a) => ({ ...a, capacity }));
}

/**
 * Terms Apple proposes when its policy seeks a new partner (after a
 * rejection): the mean terms of the deal submitted with Alibaba (review 6
 * months, go-live 2 months later, integration 0.8, privacy cap 0.9, 30 % of
 * the usage credited to the provider, 45 % of iPhone owners using it). The
 * approval probability is the chosen provider's regulatory fit.
 */
export const APPLE_FALLBACK_TERMS = {
  reviewMonths: 6, goLiveDelayMonths: 2, integrationQuality: 0.8, privacyCap: 0.9, visibility: 0.3, adoption: 0.45,
} as const;

/** Apple's policies: defend its phone share; from `byMonth`, if still without AI, seek a partner whose regulatory fit is at least 0.7. */
export function applePolicies(byMonth: number): PolicySpec[] {
  return [
    { kind: 'defendShare', market: 'phones' },
    { kind: 'seekPartner', byMonth, minRegulatoryFit: 0.7, terms: { ...APPLE_FALLBACK_TERMS } },
  ];
}

/**
 * The default landscape (January 2025; consumers' weight on a phone's AI
 * rising as fitted) with Apple seeking a partner from `appleSeeksFrom`
 * (month 6 by default) on the submitted deal's terms: the common start of
 * every bundled scenario.
 */
export function landscape2025(appleSeeksFrom = 6): LandscapeSpec<ChinaLandscapeIds> {
  return withAgent(chinaLandscape(), 'apple', (a) => ({ ...a, policy: applePolicies(appleSeeksFrom) }));
}

/** The Apple–Alibaba deal as submitted in February 2025, approval uncertain (other deals of Apple's override it). */
export function appleAlibabaDeal(overrides: Partial<PartnershipEvent> = {}): PartnershipEvent {
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

/** The deal approved for sure after 1–8 months of review (triangular, mode 3): the `apple-alibaba` terms. */
export function approvedAppleAlibabaDeal(overrides: Partial<PartnershipEvent> = {}): PartnershipEvent {
  return appleAlibabaDeal({ approvalProbability: 1, reviewMonths: { dist: 'triangular', min: 1, mode: 3, max: 8 }, ...overrides });
}

/**
 * Alibaba's cloud sized for the concurrent demand of China's iPhone users:
 * 225 M iPhones × 5 % online at the peak ≈ 11 M concurrent users, plus Alibaba's own.
 */
export const SIZED_ALIBABA_CAPACITY = 14;

/** DeepSeek's R1 (20 January 2025): a step in capability, taken up fast. */
export function deepseekR1(overrides: Partial<AILaunchEvent> = {}): AILaunchEvent {
  return {
    type: 'aiLaunch', id: 'launch:deepseek-r1', agent: 'deepseek', month: 0,
    capabilityGain: { dist: 'uniform', min: 0.15, max: 0.3 }, ramp: { kind: 'bass', p: 0.2, q: 0.6 },
    ...overrides,
  };
}

/** The buzz around R1 in the assistant market (novelty that fades): a utility lift from February, halving every 2–6 months. */
export function deepseekBuzz(overrides: Partial<ShockEvent> = {}): ShockEvent {
  return {
    type: 'shock', id: 'shock:deepseek-buzz', agents: ['deepseek'], market: 'assistants',
    change: { dist: 'uniform', min: 0.3, max: 0.8 }, month: 1, halfLifeMonths: { dist: 'uniform', min: 2, max: 6 },
    ...overrides,
  };
}

/** The phone makers that put DeepSeek-R1 inside their own assistants in February 2025 (DATA.md). */
export const R1_MAKERS = ['huawei', 'honor', 'vivo', 'oppo', 'xiaomi'] as const;

/** A phone maker that put DeepSeek-R1 inside its own assistant. */
export type R1Maker = (typeof R1_MAKERS)[number];

/**
 * A phone maker ships DeepSeek-R1 inside its own assistant (February 2025):
 * no review, low visibility (the assistant keeps the maker's brand: Xiaoyi,
 * YOYO, Blue Heart, Xiaobu, XiaoAi), a part of its users using it.
 */
export function deepseekInside(deviceMaker: string): PartnershipEvent {
  return {
    type: 'partnership', id: `${deviceMaker}+deepseek`, deviceMaker, provider: 'deepseek',
    announceMonth: '2025-02',
    approvalProbability: 1,
    reviewMonths: { dist: 'uniform', min: 0, max: 1 },
    goLiveDelayMonths: 0,
    integrationQuality: { dist: 'pert', min: 0.7, mode: 0.85, max: 0.95 },
    privacyCap: { dist: 'uniform', min: 0.85, max: 1 },
    visibility: { dist: 'uniform', min: 0.05, max: 0.25 },
    adoption: { dist: 'pert', min: 0.05, mode: 0.12, max: 0.25 },
    ramp: { kind: 'linear', months: 3 },
  };
}

/** Tencent's Yuanbao adds R1 (February 2025). */
export function yuanbaoR1(): AILaunchEvent {
  return {
    type: 'aiLaunch', id: 'launch:tencent-yuanbao-r1', agent: 'tencent', month: '2025-02',
    capabilityGain: { dist: 'uniform', min: 0.05, max: 0.15 }, ramp: { kind: 'linear', months: 2 },
  };
}

/**
 * Every phone maker with an AI roadmap (all but Apple) upgrades its own
 * assistant during 2025, as each did in 2023 and 2024 (data/china: the AI
 * roadmap): launch month uniform in `months`, gain uniform in `gain`, linear ramp.
 */
export function homegrownUpgrades(
  gain: { min: number; max: number },
  months: { min: number; max: number } = { min: 2, max: 10 },
  rampMonths = 6,
  makers: readonly string[] = R1_MAKERS,
): AILaunchEvent[] {
  return makers.map((agent) => ({
    type: 'aiLaunch', id: `launch:${agent}-assistant`, agent,
    month: { dist: 'uniform', min: months.min, max: months.max },
    capabilityGain: { dist: 'uniform', min: gain.min, max: gain.max },
    ramp: { kind: 'linear', months: rampMonths },
  }));
}

/**
 * China's 2025 trade-in subsidy (from 20 January 2025, through December
 * 2025): 15 % (at most RMB 500) on phones up to RMB 6,000 — about 14 % off
 * the mass tier, 3.5 % on average in the premium tier, units +4 % (Canalys).
 */
export function tradeInSubsidy2025(): SubsidyEvent[] {
  const s = chinaData.subsidy2025;
  return [
    { type: 'subsidy', id: 'subsidy:2025-mass', market: 'phones', tiers: ['mass'], priceCut: s.massPriceCut.value, month: '2025-01', endMonth: '2025-12', demandBoost: s.demandBoost.value },
    { type: 'subsidy', id: 'subsidy:2025-premium', market: 'phones', tiers: ['premium'], priceCut: s.premiumPriceCut.value, month: '2025-01', endMonth: '2025-12' },
  ];
}

/**
 * The ids of the events every 2025 scenario shares (see {@link commonEvents}).
 *
 * @example
 * const id: CommonEventId = 'launch:deepseek-r1';
 */
export type CommonEventId =
  | 'launch:deepseek-r1' | 'shock:deepseek-buzz' | `${R1Maker}+deepseek` | 'launch:tencent-yuanbao-r1'
  | `launch:${R1Maker}-assistant` | 'subsidy:2025-mass' | 'subsidy:2025-premium';

/** The events every 2025 scenario shares unless it changes them: R1 and its buzz, R1 inside the Android makers' assistants, Yuanbao's R1, the makers' own upgrades, the subsidy. */
export function commonEvents(): EventSpec[] {
  return [deepseekR1(), deepseekBuzz(), ...R1_MAKERS.map(deepseekInside), yuanbaoR1(), ...homegrownUpgrades({ min: 0.05, max: 0.15 }), ...tradeInSubsidy2025()];
}
