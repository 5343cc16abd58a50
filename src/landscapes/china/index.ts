/**
 * The default landscape: China's smartphone and consumer-AI markets at any
 * start month from 2022-01 to 2025-01, built only from the figures
 * published before it (`data/china/*.json`). See docs/calibration.md for
 * how each input is derived.
 */
import data from '../../data/china/landscape.json';
import posterior from '../../data/china/posterior.json';
import { RivalsimError } from '../../errors.js';
import { parseMonth } from '../../model/time.js';
import type { PolicySpec } from '../../model/policy-types.js';
import type { BuiltInMetrics } from '../../model/ids.js';
import type { AgentSpec, AssistantMarketSpec, DeviceMarketSpec, LandscapeSpec, ParticipantSpec } from '../../model/types.js';
import type { Numeric } from '../../random/distributions.js';
import type { ChinaData } from '../../data/china-data.js';
import { installedBasesAt, PHONE_MAKERS, PHONE_TRACKERS, phoneShareLevels, unitsPerYearAt, type PhoneMaker, type PhoneTracker } from './history.js';

export { PHONE_MAKERS, PHONE_TRACKERS, type PhoneMaker, type PhoneTracker } from './history.js';

/**
 * Options of {@link chinaLandscape}.
 *
 * @example
 * const opts: ChinaLandscapeOptions = { start: '2024-01', tracker: 'idc', parameters: 'prior' };
 */
export interface ChinaLandscapeOptions {
  /** First month, `'YYYY-MM'` from 2022-01 to 2025-01: only figures published before it are used. Default `'2025-01'`. */
  start?: string;
  /** Whose phone shares the start reads: one tracker, or `'consensus'` (their mean; default). */
  tracker?: PhoneTracker;
  /** Replacement cycle of the typical phone, months (25–45): brand cycles and the installed-base roll-forward. Default 40. */
  replacementCycleMonths?: number;
  /** iPhones in use in China at the start, millions (default: rolled forward from June 2020, about 190 M for 2025-01). */
  appleInstalledBase?: Numeric;
  /** AR(1) utility shocks of both markets, replacing the fitted phone process and the assistants' default. */
  shocks?: { persistence: Numeric; sd: Numeric };
  /**
   * The landscape parameters: `'posterior'` (default: those fitted on the
   * 2022–2024 history as their posterior distributions, the others at point
   * values), `'point'` (one value each: posterior medians and point values),
   * or `'prior'` (their priors, for calibration and backtests).
   */
  parameters?: 'posterior' | 'point' | 'prior';
  /** Attach the default policies (defend share; Apple seeks a partner; makers and providers accelerate AI). Default true. */
  policies?: boolean;
}

/**
 * The facts and assumptions the default landscape is built from, each with
 * its source (`src/data/china/landscape.json`). Typed by the
 * {@link ChinaData} interface rather than by the JSON itself, so that the
 * published declarations name a type.
 *
 * @example
 * chinaData.subsidy2025.rate; // 0.15
 */
export const chinaData: ChinaData = data;

const NAMES: Record<string, string> = {
  apple: 'Apple', alibaba: 'Alibaba', huawei: 'Huawei', honor: 'Honor', vivo: 'vivo', deepseek: 'DeepSeek',
  xiaomi: 'Xiaomi', oppo: 'OPPO', bytedance: 'ByteDance', tencent: 'Tencent', baidu: 'Baidu', others: 'Others',
};
/** Assistant providers that make no phones. */
const PURE_PROVIDERS = ['alibaba', 'deepseek', 'bytedance', 'tencent', 'baidu'] as const;
/** Every agent, in the landscape's order. */
const AGENT_IDS = ['apple', 'alibaba', 'huawei', 'honor', 'vivo', 'deepseek', 'xiaomi', 'oppo', 'bytedance', 'tencent', 'baidu', 'others'] as const;
/** The participants of the assistant market, in its order (every agent but Apple). */
const ASSISTANT_PARTICIPANTS = [...PURE_PROVIDERS, 'huawei', 'honor', 'vivo', 'xiaomi', 'oppo', 'others'] as const;

/** An agent of the China landscape. */
export type ChinaAgent = (typeof AGENT_IDS)[number];
/** A participant of the China landscape's phone market: the named makers and `others`. */
export type ChinaPhoneAgent = PhoneMaker | 'others';
/** A participant of the China landscape's assistant market: every agent but Apple. */
export type ChinaAssistantAgent = (typeof ASSISTANT_PARTICIPANTS)[number];

/**
 * The ids of the China landscape (at any start: its agents and markets do
 * not change), which results of its scenarios complete and check.
 *
 * @example
 * type Metric = ChinaLandscapeIds['metrics']; // => 'share' | 'sales' | … | 'users' | … | 'flow:apple' | …
 */
export type ChinaLandscapeIds = {
  markets: 'phones' | 'assistants';
  agents: ChinaAgent;
  metrics: BuiltInMetrics<'devices', ChinaPhoneAgent> | BuiltInMetrics<'assistants', ChinaAssistantAgent>;
};
const STRATEGIC = new Set(['apple', 'alibaba', 'huawei', 'honor', 'vivo', 'deepseek']);
const EARLIEST = '2022-01', LATEST = '2025-01';

function round(x: number, digits = 6): number {
  return Number(x.toFixed(digits));
}

/**
 * Monthly seasonality of phone units: CAICT's monthly shipments of the
 * complete calendar years before the start, each month over its year's
 * mean, averaged (the 618 and Singles' Day peaks included); flat when no
 * year is complete.
 *
 * @example
 * chinaSeasonality('2025-01')[8]; // => September, iPhone and Mate launches: above 1
 */
export function chinaSeasonality(start = LATEST): number[] {
  const startYear = Math.floor(parseMonth(start, 'start') / 12);
  const units = data.caictMonthlyUnits as unknown as Record<string, Array<number | null>>;
  const years = Object.keys(units).filter((y) => /^\d{4}$/.test(y) && Number(y) < startYear && units[y].every((x) => x !== null));
  if (years.length === 0) return new Array<number>(12).fill(1);
  const out = new Array<number>(12).fill(0);
  for (const y of years) {
    const v = units[y] as number[];
    const mean = v.reduce((a, b) => a + b, 0) / 12;
    v.forEach((x, k) => { out[k] += x / mean / years.length; });
  }
  const mean = out.reduce((a, b) => a + b, 0) / 12;
  return out.map((x) => round(x / mean, 9));
}

/** The latest dated entry published before the start. */
function latestBefore<T extends { published: string }>(list: readonly T[], start: number): T | undefined {
  return [...list].filter((x) => parseMonth(x.published, 'published') < start).sort((a, b) => (a.published < b.published ? 1 : -1))[0];
}

/** A maker's own AI capability at the start: its latest roadmap step before it (0 before any). */
function aiLevelAt(id: string, start: number): number {
  const steps = (data.aiRoadmap as unknown as Record<string, Array<{ from: string; level: number }> | undefined>)[id] ?? [];
  let level = 0;
  for (const s of steps) if (parseMonth(s.from, 'from') < start) level = s.level;
  return level;
}

/**
 * The landscape's named parameters. `'posterior'`: those fitted on the
 * history (posterior.json) as truncated normals matching their posterior
 * mean and sd within the prior's bounds, the others at their point values;
 * `'point'`: every parameter at one value (the posterior medians and the
 * point values); `'prior'`: every parameter at its prior.
 */
function parametersOf(kind: 'posterior' | 'point' | 'prior'): Record<string, Numeric> {
  const priors = data.parameters as Record<string, { prior: Numeric }>;
  const point = data.pointValues as unknown as Record<string, number>;
  const fitted = new Map(posterior.parameters.map((p) => [p.path.replace(/^parameters\./, ''), p]));
  return Object.fromEntries(Object.keys(priors).map((name): [string, Numeric] => {
    if (kind === 'prior') return [name, priors[name].prior];
    const f = fitted.get(name);
    if (!f) return [name, point[name]];
    if (kind === 'point') return [name, round(f.quantiles.p50, 9)];
    const prior = priors[name].prior as { min: number; max: number };
    return [name, { dist: 'normal', mean: round(f.mean, 9), sd: round(f.sd, 9), min: prior.min, max: prior.max }];
  }));
}

/**
 * The default landscape: strategic agents Apple, Alibaba, Huawei, Honor,
 * vivo and DeepSeek; named players Xiaomi, OPPO, ByteDance, Tencent and
 * Baidu; `others` in each market. Built for any start from 2022-01 to
 * 2025-01 from the figures published before it: phone shares from the
 * chosen tracker's last four quarters (seasonally adjusted), installed
 * bases rolled forward from June 2020, price tiers, repurchase rates, AI
 * roadmaps, product calendars, assistant users. See docs/calibration.md.
 *
 * @example
 * const landscape = chinaLandscape();
 * landscape.markets.map((m) => m.id); // => ['phones', 'assistants']
 * chinaLandscape({ start: '2024-01' }).start; // => '2024-01'
 */
export function chinaLandscape(options: ChinaLandscapeOptions = {}): LandscapeSpec<ChinaLandscapeIds> {
  const start = options.start ?? data.defaultStart;
  const s = parseMonth(start, 'start');
  if (s < parseMonth(EARLIEST, 'start') || s > parseMonth(LATEST, 'start')) {
    throw new RivalsimError('Start outside the history', 'start', start, `a month from ${EARLIEST} to ${LATEST}`);
  }
  const tracker = options.tracker ?? 'consensus';
  if (!PHONE_TRACKERS.includes(tracker)) throw new RivalsimError('Unknown tracker', 'tracker', tracker, `one of ${PHONE_TRACKERS.join(', ')}`);
  const cycle = options.replacementCycleMonths ?? data.installedBase.marketCycleMonths.value;
  if (!(cycle >= 25 && cycle <= 45)) throw new RivalsimError('Invalid replacement cycle', 'replacementCycleMonths', cycle, 'a number of months in [25, 45]');
  const agents = AGENT_IDS.map((id) => agentAt(id, s, options.policies ?? true));
  return {
    start,
    agents,
    markets: [phonesAt(start, tracker, cycle, options), assistantsAt(start, options)],
    parameters: parametersOf(options.parameters ?? 'posterior'),
    parameterNotes: Object.fromEntries(Object.entries(data.parameters).map(([k, v]) => [k, v.note])),
    sources: [
      `Phone shares: ${data.trackers[tracker]}, the four quarters before ${start} (data/history/china.json)`,
      `Installed bases: ${data.installedBase.anchor.source}, rolled forward with the trackers' sales`,
      'Price tiers: IDC, Canalys and Counterpoint premium-segment shares; repurchase rates: QuestMobile (2021, 2023)',
      `Units and seasonality: IDC and Canalys quarterly totals; ${data.caictMonthlyUnits.source.split(';')[0]}`,
      'Assistant users: aicpb (January 2025), CNNIC (2024); channels: QuestMobile (2024) and assumptions',
    ],
  };
}

function agentAt(id: (typeof AGENT_IDS)[number], start: number, policies: boolean): AgentSpec {
  const maker = (PHONE_MAKERS as readonly string[]).includes(id) || id === 'others';
  const provider = id !== 'apple';
  const roles: AgentSpec['roles'] = [];
  if (maker) roles.push('deviceMaker');
  if (provider) roles.push('aiProvider');
  const phoneAttrs = (data.phoneAttributes as unknown as Record<string, Record<string, number>>)[id] ?? {};
  const providerAttrs = (data.providerAttributes as unknown as Record<string, Record<string, number>>)[id] ?? {};
  const attributes: Record<string, Numeric> = { ...phoneAttrs, ...providerAttrs };
  if (maker) attributes.aiCapability = aiLevelAt(id, start);
  const agent: AgentSpec = { id, name: NAMES[id], roles, attributes, strategic: STRATEGIC.has(id) };
  const capacity = (data.assistants.cloudCapacityMillionsConcurrent as unknown as Record<string, number>)[id];
  if (capacity !== undefined) agent.capacity = { concurrentUsers: capacity, growthPerMonth: data.assistants.cloudCapacityGrowthPerMonth };
  if (maker && id !== 'apple') agent.defaultAssistant = id;
  const calendar = (data.launchCalendar as unknown as Record<string, Array<{ name: string; month: number; lift: number; halfLifeMonths: number }> | undefined>)[id];
  if (calendar) {
    agent.launches = calendar.map((l) => ({ name: l.name, month: l.month, lift: l.lift, halfLifeMonths: l.halfLifeMonths }));
    agent.launchStrengthSd = 'launchStrengthSd';
  }
  if (policies) agent.policy = defaultPolicies(id, roles);
  return agent;
}

/**
 * Default policies: every phone maker defends its phone share; every maker
 * with an AI roadmap (all but Apple, which may not ship one in China)
 * accelerates AI against rival phones, and Apple seeks a partner from month
 * 6; providers that make no phones defend their assistant share and
 * accelerate AI against rival assistants.
 */
function defaultPolicies(id: string, roles: AgentSpec['roles']): PolicySpec[] {
  if (id === 'others') return [];
  const out: PolicySpec[] = [];
  if (roles.includes('deviceMaker')) {
    out.push({ kind: 'defendShare', market: 'phones', dropThreshold: 0.02 });
    out.push(id === 'apple' ? { kind: 'seekPartner', byMonth: 6, minRegulatoryFit: 0.7 } : { kind: 'accelerateAI', market: 'phones' });
  } else {
    out.push({ kind: 'defendShare', market: 'assistants', dropThreshold: 0.02 });
    out.push({ kind: 'accelerateAI', market: 'assistants' });
  }
  return out;
}

/** Each brand's replacement cycle: the market's, scaled by China Mobile's brand ratios. */
function brandCycles(cycle: number): Record<PhoneMaker | 'others', number> {
  const rel = data.installedBase.relativeCycles as unknown as Record<string, number>;
  return Object.fromEntries([...PHONE_MAKERS, 'others'].map((b) => [b, b === 'others' ? cycle : round((cycle * rel[b]) / rel.overall)])) as Record<PhoneMaker | 'others', number>;
}

/**
 * Each brand's split of sales into the two price tiers: its part of the
 * latest premium-segment figures published before the start, as a share of
 * its own sales (bounded to 0.5–95 %), scaled so the premium tier keeps
 * the segment's size.
 */
function tierSplits(shares: Record<PhoneMaker | 'others', number>, start: number): Record<PhoneMaker | 'others', { mass: number; premium: number }> {
  const v = latestBefore(data.premiumTier.vintages, start) ?? data.premiumTier.vintages[0];
  const brands = [...PHONE_MAKERS, 'others' as const];
  const within = v.brandShares as Record<string, number | undefined>;
  const raw = Object.fromEntries(brands.map((b) => [b, Math.min(0.95, Math.max(0.005, ((within[b] ?? 0.01) * v.tierShare) / shares[b]))]));
  const premium = brands.reduce((sum, b) => sum + shares[b] * raw[b], 0);
  const k = v.tierShare / premium;
  return Object.fromEntries(brands.map((b) => {
    const p = round(Math.min(0.95, raw[b] * k));
    return [b, { mass: round(1 - p), premium: p }];
  })) as Record<PhoneMaker | 'others', { mass: number; premium: number }>;
}

function phonesAt(start: string, tracker: PhoneTracker, cycle: number, options: ChinaLandscapeOptions): DeviceMarketSpec {
  const s = parseMonth(start, 'start');
  const levels = phoneShareLevels(tracker, start);
  const named = PHONE_MAKERS.reduce((sum, a) => sum + levels[a], 0);
  const others = Math.max(0.02, 1 - named);
  const scale = (1 - others) / named;
  const shares = Object.fromEntries([...PHONE_MAKERS.map((a) => [a, round(levels[a] * scale)]), ['others', 0]]) as Record<PhoneMaker | 'others', number>;
  shares.others = round(1 - PHONE_MAKERS.reduce((sum, a) => sum + shares[a], 0), 9);
  const cycles = brandCycles(cycle);
  const bases = installedBasesAt(start, cycles);
  const tiers = tierSplits(shares, s);
  const rates = latestBefore(data.repurchaseRates, s)?.rates as Record<string, number> | undefined;
  const assumed = data.repurchaseAssumption as unknown as Record<string, number>;
  const participants: ParticipantSpec[] = [...PHONE_MAKERS, 'others' as const].map((b) => ({
    agent: b, initialShare: shares[b],
    repurchaseRate: rates?.[b] ?? assumed[b] ?? 0.44,
    replacementCycleMonths: cycles[b],
    installedBase: b === 'apple' && options.appleInstalledBase !== undefined ? options.appleInstalledBase : round(bases[b], 3),
    tierShares: tiers[b],
  }));
  const era = parseMonth(data.aiRoadmap.genAIEraStart.month, 'month');
  const months = Math.max(0, s - era);
  return {
    kind: 'devices', id: 'phones', name: 'Smartphones (China)',
    unitsPerYear: round(unitsPerYearAt(start), 3),
    seasonality: chinaSeasonality(start),
    replacementCycleMonths: cycle,
    tiers: [{ id: 'mass', name: 'Under US$600' }, { id: 'premium', name: 'US$600 and over' }],
    tierStickiness: data.nest.tierStickiness, nestDissimilarity: data.nest.nestDissimilarity, priceSensitivity: data.nest.priceSensitivity,
    weights: { ...data.phoneWeights, aiCapability: months > 0 ? `aiWeightGrowth * ${months}` : 0, assistantAppeal: 'appealWeight' },
    weightDrift: { aiCapability: { perMonth: 'aiWeightGrowth', limit: 2 } },
    shocks: options.shocks ? { ...options.shocks } : { persistence: 'phoneNoisePersistence', sd: 'phoneNoiseSd' },
    participants,
  };
}

/**
 * People using assistants at the start: CNNIC's figures (249 M in December
 * 2024), back to 2024-01 at CNNIC's pace of H2 2024, then linearly down to
 * 10 M in 2023-03 (an assumption for early starts).
 */
function assistantUsersAt(s: number): number {
  const dec2024 = parseMonth('2024-12', 'm'), jan2024 = parseMonth('2024-01', 'm'), mar2023 = parseMonth('2023-03', 'm');
  const rate = Math.log(249 / 230) / 6;
  if (s >= dec2024) return 249;
  const atJan2024 = 249 * Math.exp(-rate * (dec2024 - jan2024));
  if (s >= jan2024) return 249 * Math.exp(-rate * (dec2024 - s));
  if (s <= mar2023) return 10;
  return 10 + ((atJan2024 - 10) * (s - mar2023)) / (jan2024 - mar2023);
}

function assistantsAt(start: string, options: ChinaLandscapeOptions): AssistantMarketSpec {
  const s = parseMonth(start, 'start');
  const a = data.assistants;
  const jan2025 = parseMonth('2025-01', 'm');
  const users = a.monthlyUsersJan2025 as unknown as Record<string, { value: number; trialFraction?: number }>;
  // DeepSeek's app launched in January 2025: before that it has no users (it may enter by an event).
  const ids = ASSISTANT_PARTICIPANTS;
  const present = ids.filter((id) => id !== 'deepseek' || s >= jan2025);
  const total = present.reduce((sum, id) => sum + users[id].value, 0);
  const participants: ParticipantSpec[] = ids.map((id) => {
    const p: ParticipantSpec = { agent: id, initialShare: present.includes(id) ? round(users[id].value / total, 9) : 0 };
    if (users[id].trialFraction !== undefined && present.includes(id)) p.trialFraction = users[id].trialFraction;
    return p;
  });
  const named = participants.filter((p) => p.agent !== 'others').reduce((sum, p) => sum + p.initialShare, 0);
  participants.find((p) => p.agent === 'others')!.initialShare = round(1 - named, 9);
  const people = round(assistantUsersAt(s), 3);
  return {
    kind: 'assistants', id: 'assistants', name: 'AI assistants (China consumers)',
    initialUsers: people,
    potential: round(a.internetUsers.value * a.potentialShare.value, 3),
    bass: { p: a.bass.p, q: a.bass.q },
    multiHoming: a.multiHoming.value,
    trialFraction: 0.3,
    habitRate: 'habitRate', trialChurn: 'trialChurn', habitChurn: 'habitChurn',
    qualitySensitivity: 2, trialUsage: 0.3, adoptionElasticity: 1,
    channels: a.channels.map((c) => ({ id: c.id, provider: c.provider, audience: c.audience, weight: c.weight })),
    reachFrom: 'phones',
    capacity: { peakConcurrency: a.peakConcurrency },
    weights: { ...data.assistantWeights },
    shocks: options.shocks ? { ...options.shocks } : { persistence: 0.8, sd: 0.1 },
    participants,
  };
}
