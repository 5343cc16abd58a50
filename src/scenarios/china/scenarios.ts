/**
 * The bundled scenarios on the default China landscape, one builder each
 * (the record keyed by id is in `index.ts`). Ids are public API.
 *
 * Every scenario is built by its own function from fresh objects (a fresh
 * {@link chinaLandscape}, fresh events), so no object is shared between two
 * scenarios: changing one scenario (or the object a builder returned) never
 * changes another.
 *
 * The facts the scenarios rest on (DATA.md, the seed article): Apple's
 * China shipments fell about 25 % year on year in Q4 2024 (Canalys); about
 * 200–250 M iPhones are in use there; Apple Intelligence is not available in
 * mainland China; Apple tried Baidu first (2024) and the work stalled on
 * answer quality and on Baidu wanting to keep iPhone users' data; in
 * February 2025 Apple and Alibaba submitted co-developed features to the
 * Cyberspace Administration of China, launch then expected around May 2025;
 * DeepSeek's app launched 10–11 January 2025 and R1 on 20 January, with 22 M
 * daily users within its first month; in February 2025 Huawei, Honor, vivo,
 * OPPO and Tencent's Yuanbao added DeepSeek-R1; Huawei (Xiaoyi on Pangu),
 * vivo (BlueLM) and Honor (YOYO) ship their own assistants; Alibaba's cloud
 * has carried Singles' Day and the Paris Olympics.
 */
import { chinaLandscape, type ChinaLandscapeIds } from '../../landscapes/china.js';
import type { EventSpec, ScenarioSpec, ShockEvent } from '../../model/types.js';
import {
  appleAlibabaDeal, approvedAppleAlibabaDeal, commonEvents, deepseekBuzz, deepseekR1, homegrownUpgrades, landscape2025,
  SIZED_ALIBABA_CAPACITY, withAgent, withCapacity, type CommonEventId,
} from './parts.js';

/**
 * A bundled China scenario whose declared events have ids `E`.
 *
 * @example
 * const s: ChinaScenario<AppleAlibabaEventId> = baselineScenario();
 */
export type ChinaScenario<E extends string> = ScenarioSpec<ChinaLandscapeIds, E>;

/** The event ids of the scenarios built on the Apple–Alibaba deal: the deal and the common events. */
export type AppleAlibabaEventId = 'apple+alibaba' | CommonEventId;

/** The event ids of `apple-baidu`: the Apple–Baidu deal, the data-retention dispute and the common events. */
export type AppleBaiduEventId = 'apple+baidu' | 'shock:baidu-data-retention' | CommonEventId;

/**
 * `baseline` — the world as of January 2025.
 *
 * @example
 * baselineScenario().events?.length; // => 16
 */
export function baselineScenario(): ChinaScenario<AppleAlibabaEventId> {
  return {
    id: 'baseline',
    name: 'Baseline: the world as of January 2025',
    description:
      'Shares as the trackers saw 2024 (their consensus, from the 2022–2024 path; aicpb/CNNIC assistant users), with Apple\'s China shipments down ' +
      'about 25 % in Q4 2024 and no AI assistant it may ship in China. Apple and Alibaba submit their co-developed AI ' +
      'features to the Cyberspace Administration in February 2025; approval is uncertain in outcome (Beta(6, 3), mean ' +
      '0.67) and timing (2–12 months of review, then 0–4 months to go live). DeepSeek launches R1 in January 2025 ' +
      '(its buzz fades over months); in February Huawei, Honor, vivo, OPPO and Xiaomi put R1 inside their own ' +
      'assistants and Tencent\'s Yuanbao adds it; each of those makers upgrades its own assistant again during 2025. ' +
      'The national trade-in subsidy (15 % on phones up to RMB 6,000) runs through 2025. Consumers weigh a phone\'s AI ' +
      'more each month (as fitted on 2023–2024). ' +
      'If the deal is rejected, Apple\'s policy seeks another partner (the most capable provider with a regulatory ' +
      'fit of at least 0.7, approval odds equal to that fit) on the submitted deal\'s mean terms.',
    landscape: landscape2025(),
    horizon: 36,
    events: [appleAlibabaDeal(), ...commonEvents()],
  };
}

/**
 * `apple-alibaba` — the deal approved, go-live uncertain, Alibaba's cloud
 * sized for the concurrent demand of China's iPhone users.
 *
 * @example
 * appleAlibabaScenario().id; // => 'apple-alibaba'
 */
export function appleAlibabaScenario(): ChinaScenario<AppleAlibabaEventId> {
  return {
    id: 'apple-alibaba',
    name: 'Apple–Alibaba: the deal approved',
    description:
      'As the baseline, but the regulator approves the Apple–Alibaba features after 1–8 months of review (triangular, ' +
      'mode 3), go-live follows within 0–4 months (launch was expected around May 2025), and Alibaba\'s cloud is sized ' +
      'for the concurrent demand of about 225 M iPhone users in China (14 M concurrent users, growing 3 % a month), as ' +
      'its Singles\' Day and Paris Olympics record suggests it can. Integration quality (0.6–0.95), the privacy cap ' +
      '(0.8–1), the share of iPhone owners using the features (20–70 %) and the share of that usage credited to ' +
      'Alibaba\'s own brand (10–50 %: its brand may be hidden behind Apple\'s) stay uncertain.',
    landscape: withCapacity(landscape2025(), 'alibaba', { concurrentUsers: SIZED_ALIBABA_CAPACITY, growthPerMonth: 0.03 }),
    horizon: 36,
    events: [approvedAppleAlibabaDeal(), ...commonEvents()],
  };
}

/**
 * `apple-baidu` — the road not taken: Baidu as Apple's partner, with lower
 * answer quality and a privacy conflict over data retention.
 *
 * @example
 * appleBaiduScenario().events?.find((e) => e.type === 'partnership')?.id; // => 'apple+baidu'
 */
export function appleBaiduScenario(): ChinaScenario<AppleBaiduEventId> {
  let landscape = landscape2025();
  // Ernie's answers were the sticking point: Baidu's capability is uncertain and centred below Alibaba's (0.70).
  landscape = withAgent(landscape, 'baidu', (a) => ({
    ...a, attributes: { ...a.attributes, aiCapability: { dist: 'pert', min: 0.45, mode: 0.55, max: 0.65 } },
  }));
  const deal = appleAlibabaDeal({
    id: 'apple+baidu', provider: 'baidu',
    // Data retention is a compliance problem as well as a trust problem: lower and slower approval.
    approvalProbability: { dist: 'beta', alpha: 3, beta: 5 },
    reviewMonths: { dist: 'triangular', min: 3, mode: 6, max: 15 },
    integrationQuality: { dist: 'pert', min: 0.4, mode: 0.6, max: 0.8 },
    // Apple walls iPhone users' data off from Baidu: the features do less.
    privacyCap: { dist: 'uniform', min: 0.5, max: 0.75 },
    adoption: { dist: 'pert', min: 0.1, mode: 0.3, max: 0.55 },
  });
  // The dispute over who keeps iPhone users' data becomes public: both brands lose some privacy trust.
  const trust: ShockEvent = {
    type: 'shock', id: 'shock:baidu-data-retention', agents: ['apple', 'baidu'], attribute: 'privacyTrust',
    change: { dist: 'uniform', min: -0.25, max: -0.1 }, month: '2025-02', halfLifeMonths: 18,
  };
  return {
    id: 'apple-baidu',
    name: 'Apple–Baidu: the road not taken',
    description:
      'Apple tried Baidu first (2024); the work stalled on answer quality and on Baidu wanting to keep iPhone users\' ' +
      'data (DATA.md; the seed article: limitations "regarding data privacy and compliance"). Here Apple submits a ' +
      'Baidu deal in February 2025 instead of Alibaba\'s: Baidu\'s AI capability is lower and uncertain (PERT 0.45–0.65, ' +
      'against Alibaba\'s 0.70), the integration delivers less (0.4–0.8), Apple\'s privacy walls cap what the features ' +
      'can do (privacy cap 0.5–0.75), fewer iPhone owners use them (10–55 %), and the data-retention conflict lowers the ' +
      'odds and speed of approval (Beta(3, 5), mean 0.375; 3–15 months of review) and costs both Apple and Baidu privacy ' +
      'trust (−0.1 to −0.25, half-life 18 months). If the regulator rejects the deal, Apple\'s policy seeks another ' +
      'partner — as it did in reality when it turned to Alibaba.',
    landscape,
    horizon: 36,
    events: [deal, trust, ...commonEvents()],
  };
}

/**
 * `deepseek-surge` — DeepSeek's viral uptake, a bigger R1 step, DeepSeek's
 * small cloud under strain.
 *
 * @example
 * deepseekSurgeScenario().events?.filter((e) => e.type === 'partnership').length; // => 6
 */
export function deepseekSurgeScenario(): ChinaScenario<AppleAlibabaEventId> {
  // A small cloud, scaled up fast (its own build-out and partner clouds hosting R1).
  const landscape = withCapacity(landscape2025(), 'deepseek', {
    concurrentUsers: { dist: 'uniform', min: 2.5, max: 4 },
    growthPerMonth: { dist: 'uniform', min: 0.05, max: 0.1 },
  });
  const events = commonEvents().map((e): EventSpec => {
    if (e.id === 'launch:deepseek-r1') return deepseekR1({ capabilityGain: { dist: 'uniform', min: 0.25, max: 0.4 }, ramp: { kind: 'bass', p: 0.4, q: 0.8 } });
    if (e.id === 'shock:deepseek-buzz') return deepseekBuzz({ change: { dist: 'uniform', min: 1, max: 1.6 }, halfLifeMonths: { dist: 'uniform', min: 2, max: 5 } });
    return e;
  });
  return {
    id: 'deepseek-surge',
    name: 'DeepSeek surge: viral uptake, then the novelty fades',
    description:
      'DeepSeek\'s app launched on 10–11 January 2025 and R1 on 20 January; it had 22 M daily users within its first ' +
      'month and 33.7 M monthly users in January (aicpb), most of them still trying it. Here R1 is a bigger and faster ' +
      'step than in the baseline (capability +0.25–0.4, Bass ramp p 0.4, q 0.8) and its buzz is strong (+1 to +1.6 ' +
      'utility from February, halving every 2–5 months): tens of millions try the app within weeks, and many drop it ' +
      'as the novelty fades and rivals catch up (Huawei, Honor, vivo, OPPO and Xiaomi put R1 inside their own ' +
      'assistants in February, Tencent\'s Yuanbao adds it). DeepSeek\'s cloud starts small (2.5–4 M concurrent users) ' +
      'and grows 5–10 % a month: while demand exceeds it, quality drops and outages ("server busy") follow. The ' +
      'Apple–Alibaba deal is as in the baseline.',
    landscape,
    horizon: 36,
    events: [appleAlibabaDeal(), ...events],
  };
}

/**
 * `homegrown-ai` — Huawei, Honor and vivo launch strong home-grown
 * assistants; Apple waits.
 *
 * @example
 * homegrownAIScenario().id; // => 'homegrown-ai'
 */
export function homegrownAIScenario(): ChinaScenario<AppleAlibabaEventId> {
  const landscape = landscape2025(36);
  const events = commonEvents().filter((e) => !(e.type === 'aiLaunch' && e.id?.endsWith('-assistant')));
  return {
    id: 'homegrown-ai',
    name: 'Home-grown AI: every Chinese maker moves, Apple waits',
    description:
      'Huawei (Xiaoyi on Pangu), vivo (BlueLM, since November 2023), Honor (YOYO agent, October 2024), OPPO ' +
      '(AndesGPT) and Xiaomi (MiLM) ship strong new versions of their own assistants in February–July 2025 ' +
      '(capability +0.2–0.35 each, over 4 months), the "home-grown solutions" of the seed article. Apple waits: the ' +
      'Apple–Alibaba submission stays under review beyond the horizon (36–48 months), and Apple does not seek another ' +
      'partner before month 36. DeepSeek\'s R1 and the subsidy are as in the baseline. What does a three-year wait ' +
      'cost Apple when its rivals move fast?',
    landscape,
    horizon: 36,
    events: [
      appleAlibabaDeal({ reviewMonths: { dist: 'uniform', min: 36, max: 48 } }),
      ...events,
      ...homegrownUpgrades({ min: 0.2, max: 0.35 }, { min: 1, max: 6 }, 4),
    ],
  };
}

/**
 * `capacity-crunch` — the Apple–Alibaba deal goes live but concurrent demand
 * exceeds Alibaba's capacity for months.
 *
 * @example
 * capacityCrunchScenario().landscape.agents.find((a) => a.id === 'alibaba')?.capacity?.concurrentUsers;
 * // => { dist: 'uniform', min: 2, max: 3.5 }
 */
export function capacityCrunchScenario(): ChinaScenario<AppleAlibabaEventId> {
  const landscape = withCapacity(landscape2025(), 'alibaba', {
    concurrentUsers: { dist: 'uniform', min: 2, max: 3.5 },
    growthPerMonth: { dist: 'uniform', min: 0.015, max: 0.03 },
  });
  return {
    id: 'capacity-crunch',
    name: 'Capacity crunch: the deal goes live, the cloud cannot keep up',
    description:
      'The seed article\'s warning: with about 250 M iPhone users, launch "could generate extraordinarily high ' +
      'concurrent user demands". As apple-alibaba (approved after 1–8 months), but the features roll out to iPhone ' +
      'owners within 2 months and Alibaba provisions only 2–3.5 M concurrent users for them and its own app, growing ' +
      '1.5–3 % a month — well below the 225 M iPhones × 20–70 % adoption × 5 % peak concurrency (≈ 2–8 M) plus its own ' +
      'users that demand needs. While demand exceeds capacity, quality falls as 1/load for Apple\'s features and ' +
      'Alibaba\'s own assistant alike, and outages hit (hazard 2 per unit of excess load per month, half the quality lost).',
    landscape,
    horizon: 36,
    events: [approvedAppleAlibabaDeal({ ramp: { kind: 'linear', months: 2 } }), ...commonEvents()],
  };
}

/**
 * `approval-delayed` — the deal approved, but after 9–18 months of review.
 *
 * @example
 * approvalDelayedScenario().id; // => 'approval-delayed'
 */
export function approvalDelayedScenario(): ChinaScenario<AppleAlibabaEventId> {
  const base = appleAlibabaScenario();
  return {
    ...base,
    id: 'approval-delayed',
    name: 'Approval delayed: the deal approved after 9–18 months',
    description:
      'As apple-alibaba, but the Cyberspace Administration takes 9–18 months (triangular, mode 12) instead of 1–8 to ' +
      'approve the February 2025 submission, so the features go live in 2026 rather than around May 2025 as then ' +
      'expected. "Speed matters: every month of delay hands ground to rivals": compare with apple-alibaba on common ' +
      'random numbers to price the delay.',
    events: [approvedAppleAlibabaDeal({ reviewMonths: { dist: 'triangular', min: 9, mode: 12, max: 18 } }), ...commonEvents()],
  };
}

/**
 * `apple-alibaba-high-visibility` — the deal approved with Alibaba's brand
 * visible in Apple's features.
 *
 * @example
 * appleAlibabaHighVisibilityScenario().id; // => 'apple-alibaba-high-visibility'
 */
export function appleAlibabaHighVisibilityScenario(): ChinaScenario<AppleAlibabaEventId> {
  const base = appleAlibabaScenario();
  return {
    ...base,
    id: 'apple-alibaba-high-visibility',
    name: 'Apple–Alibaba with Alibaba\'s brand visible',
    description:
      'The seed article\'s risk for Alibaba is "diminished visibility for its AI products" behind Apple\'s. As ' +
      'apple-alibaba, but Apple shows Alibaba\'s (Qwen) brand in its features: 60–90 % of the iPhone usage is credited ' +
      'to Alibaba (10–50 % in apple-alibaba), which also widens its reach. Compare with apple-alibaba to see what the ' +
      'hidden brand costs Alibaba.',
    events: [approvedAppleAlibabaDeal({ visibility: { dist: 'uniform', min: 0.6, max: 0.9 } }), ...commonEvents()],
  };
}

/**
 * The China landscape as it stood at `origin` (a month from 2022-01 to
 * 2025-01), built only from the figures published before it, with its
 * parameters' priors, over 12 months: what `backtest` forecasts from. It
 * forecasts the market's own dynamics from the state at the origin and
 * assumes no strategic move, neither events (what came later was unknown
 * then) nor the agents' policies (price cuts, AI investments, partner
 * searches are scenario assumptions, as events are).
 *
 * @example
 * chinaBacktestScenario('2024-01').landscape.start; // => '2024-01'
 */
export function chinaBacktestScenario(origin: string, horizon = 12): ChinaScenario<never> {
  return {
    id: 'china-backtest',
    name: `China as of ${origin}`,
    description: `The default landscape built from the figures published before ${origin}, parameters at their priors, no events and no policies.`,
    landscape: chinaLandscape({ start: origin, parameters: 'prior', policies: false }),
    horizon,
  };
}
