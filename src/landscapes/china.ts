/**
 * The default landscape: China's smartphone and consumer-AI markets in
 * January 2025, calibrated from the figures in `data/china-2025.json`.
 * See docs/calibration.md for how each parameter is derived.
 */
import data from '../data/china-2025.json';
import type { Numeric } from '../random/distributions.js';
import type { PolicySpec } from '../model/policy-types.js';
import type { AgentSpec, AssistantMarketSpec, DeviceMarketSpec, LandscapeSpec, ParticipantSpec } from '../model/types.js';
import type { ChinaData, ChinaTracker } from '../data/china-data.js';

export type { ChinaTracker } from '../data/china-data.js';

/**
 * The calibration figures shipped with rivalsim (with their sources). Typed
 * by the {@link ChinaData} interface, not by the JSON itself, so that the
 * published declarations stay valid (they may not inline the data).
 */
export const chinaData: ChinaData = data;

/**
 * Options of {@link chinaLandscape}.
 *
 * @example
 * const opts: ChinaLandscapeOptions = { tracker: 'canalys-2024', appleInstalledBase: { dist: 'uniform', min: 200, max: 250 } };
 */
export interface ChinaLandscapeOptions {
  /** Which tracker's annual phone shares to calibrate on. Default `'counterpoint-2024'` (sales to consumers). */
  tracker?: ChinaTracker;
  /** iPhones in use in China, millions. Default 225 (range 200–250). */
  appleInstalledBase?: Numeric;
  /** Replacement cycle of the typical phone, months. Default 40 (prior 25–45). */
  replacementCycleMonths?: Numeric;
  /** AR(1) utility shocks in both markets. Default persistence 0.8, sd 0.05. */
  shocks?: { persistence: Numeric; sd: Numeric };
  /** Attach the default policies (defend share; Apple seeks a partner; providers accelerate AI). Default true. */
  policies?: boolean;
}

const NAMES: Record<string, string> = {
  apple: 'Apple', alibaba: 'Alibaba', huawei: 'Huawei', honor: 'Honor', vivo: 'vivo', deepseek: 'DeepSeek',
  xiaomi: 'Xiaomi', oppo: 'OPPO', bytedance: 'ByteDance', tencent: 'Tencent', baidu: 'Baidu', others: 'Others',
};

const PHONE_MAKERS = ['apple', 'huawei', 'honor', 'vivo', 'xiaomi', 'oppo'] as const;
const PROVIDERS = ['alibaba', 'deepseek', 'huawei', 'honor', 'vivo', 'bytedance', 'tencent', 'baidu'] as const;
const STRATEGIC = new Set(['apple', 'alibaba', 'huawei', 'honor', 'vivo', 'deepseek']);

function round(x: number, digits = 12): number {
  return Number(x.toFixed(digits));
}

/**
 * Monthly seasonality of phone units from IDC's 2024 quarterly totals (each
 * quarter's units over the quarterly mean, spread evenly over its months).
 *
 * @example
 * chinaSeasonality()[11]; // => 1.066... (December, in Q4)
 */
export function chinaSeasonality(): number[] {
  const q = data.smartphones.units.quarterlyUnitsMillions2024;
  const quarters = [q.Q1, q.Q2, q.Q3, q.Q4];
  const mean = quarters.reduce((a, b) => a + b, 0) / 4;
  return Array.from({ length: 12 }, (_, m) => quarters[Math.floor(m / 3)] / mean);
}

/**
 * The default landscape as of January 2025: strategic agents Apple, Alibaba,
 * Huawei, Honor, vivo and DeepSeek; named players Xiaomi, OPPO, ByteDance,
 * Tencent and Baidu; `others` in each market. Phone shares come from the
 * chosen tracker (default Counterpoint 2024 sales), assistant users from the
 * aicpb tracker and CNNIC; see docs/calibration.md.
 *
 * @example
 * const landscape = chinaLandscape();
 * landscape.markets.map((m) => m.id); // => ['phones', 'assistants']
 * landscape.markets[0].participants[0]; // => { agent: 'apple', initialShare: 0.155, repurchaseRate: 0.528, installedBase: 225 }
 */
export function chinaLandscape(options: ChinaLandscapeOptions = {}): LandscapeSpec {
  const tracker = options.tracker ?? 'counterpoint-2024';
  const figures = data.smartphones.annualShares[tracker];
  if (!figures) throw new Error(`Unknown tracker "${tracker}": expected one of ${Object.keys(data.smartphones.annualShares).join(', ')}`);
  const a = data.assumptions;
  const policies = options.policies ?? true;
  const shocks = options.shocks ?? a.shockProcess;
  const attrs = a.attributes as Record<string, Record<string, number>>;

  const agentIds = ['apple', 'alibaba', 'huawei', 'honor', 'vivo', 'deepseek', 'xiaomi', 'oppo', 'bytedance', 'tencent', 'baidu', 'others'];
  const agents: AgentSpec[] = agentIds.map((id) => {
    const roles: AgentSpec['roles'] = [];
    if ((PHONE_MAKERS as readonly string[]).includes(id) || id === 'others') roles.push('deviceMaker');
    if ((PROVIDERS as readonly string[]).includes(id) || id === 'others') roles.push('aiProvider');
    const agent: AgentSpec = { id, name: NAMES[id], roles, attributes: { ...attrs[id] }, strategic: STRATEGIC.has(id) };
    const capacity = (a.cloudCapacityMillionsConcurrent as Record<string, number>)[id];
    if (capacity !== undefined) agent.capacity = { concurrentUsers: capacity, growthPerMonth: a.cloudCapacityGrowthPerMonth };
    const assistant = (a.defaultAssistants as Record<string, string>)[id];
    if (assistant !== undefined) agent.defaultAssistant = assistant;
    if (id === 'apple') {
      const pc = a.appleProductCycle;
      agent.productCycle = { launchMonth: pc.launchMonth, lift: pc.lift, halfLifeMonths: pc.halfLifeMonths };
    }
    if (policies) agent.policy = defaultPolicies(id, roles);
    return agent;
  });

  // Phones: shares from the tracker, the remainder to others.
  const shares = figures.shares as Record<string, number>;
  const named = PHONE_MAKERS.reduce((s, id) => s + shares[id], 0);
  const repurchase: Record<string, number> = {
    ...{ vivo: data.smartphones.repurchaseRate.questMobile2021.vivo, oppo: data.smartphones.repurchaseRate.questMobile2021.oppo },
    apple: data.smartphones.repurchaseRate.questMobile2023.apple,
    xiaomi: data.smartphones.repurchaseRate.questMobile2023.xiaomi,
    huawei: data.smartphones.repurchaseRate.questMobile2023.huawei,
    honor: a.repurchaseHonorAndOthers.value,
    others: a.repurchaseHonorAndOthers.value,
  };
  const cycles = data.smartphones.replacementCycleMonths;
  const cycle = options.replacementCycleMonths ?? cycles.recent.value;
  const relative = cycles.chinaMobile2020 as unknown as Record<string, number>;
  const phoneParticipants: ParticipantSpec[] = [...PHONE_MAKERS, 'others' as const].map((id) => {
    const p: ParticipantSpec = { agent: id, initialShare: id === 'others' ? round(1 - named) : shares[id], repurchaseRate: repurchase[id] };
    if (id === 'apple') p.installedBase = options.appleInstalledBase ?? data.smartphones.installedBaseMillions.apple.default;
    else if (id !== 'others' && typeof cycle === 'number') p.replacementCycleMonths = round((cycle * relative[id]) / relative.overall, 6);
    return p;
  });
  const phones: DeviceMarketSpec = {
    kind: 'devices', id: 'phones', name: 'Smartphones (China)',
    unitsPerYear: data.smartphones.units.totalUnitsMillions2024,
    seasonality: chinaSeasonality(),
    replacementCycleMonths: cycle,
    weights: { ...a.phoneWeights },
    shocks: { ...shocks },
    participants: phoneParticipants,
  };

  // Assistants: January 2025 users; the remainder of CNNIC's total to others.
  const users = data.assistants.monthlyUsersMillionsJan2025 as Record<string, { value: number }>;
  const total = data.assistants.genAIUsersMillions['2024-12'].value;
  const providerUsers = PROVIDERS.map((id) => users[id].value);
  const assistantParticipants: ParticipantSpec[] = [
    ...PROVIDERS.map((id, i) => ({ agent: id, initialShare: round(providerUsers[i] / total) })),
  ];
  const namedShare = assistantParticipants.reduce((s, p) => s + p.initialShare, 0);
  assistantParticipants.push({ agent: 'others', initialShare: round(1 - namedShare) });
  const bass = data.diffusion.bassAnnualAverage;
  const assistants: AssistantMarketSpec = {
    kind: 'assistants', id: 'assistants', name: 'AI assistants (China consumers)',
    initialUsers: total,
    potential: data.assistants.internetUsersMillions.value * a.assistantPotentialShareOfInternetUsers,
    bass: { p: bass.p / 12, q: bass.q / 12 },
    reconsiderationRate: a.assistantReconsiderationRate,
    defaultLoyalty: a.assistantLoyalty,
    reachFrom: 'phones',
    capacity: { peakConcurrency: a.peakConcurrency },
    weights: { ...a.assistantWeights },
    shocks: { ...shocks },
    participants: assistantParticipants,
  };

  return {
    start: data.start,
    agents,
    markets: [phones, assistants],
    sources: [
      `Phone shares: ${figures.source}`,
      data.smartphones.units.source,
      'Assistant users: aicpb tracker (January 2025), CNNIC (2024)',
      'Repurchase rates: QuestMobile (2021, 2023); replacement cycles: China Mobile (2020), FT (2023), TechInsights (2024)',
    ],
  };
}

/** Default policies by agent: see docs/model.md. */
function defaultPolicies(id: string, roles: AgentSpec['roles']): PolicySpec[] {
  if (id === 'others') return [];
  const out: PolicySpec[] = [];
  if (roles.includes('deviceMaker')) out.push({ kind: 'defendShare', market: 'phones' });
  if (id === 'apple') out.push({ kind: 'seekPartner', byMonth: 6, minRegulatoryFit: 0.7 });
  if (STRATEGIC.has(id) && roles.includes('aiProvider')) out.push({ kind: 'accelerateAI' });
  if (!roles.includes('deviceMaker')) out.push({ kind: 'defendShare', market: 'assistants', dropThreshold: 0.02 });
  return out;
}
