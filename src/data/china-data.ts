/**
 * The shape of `data/china/landscape.json`, the facts and assumptions of the
 * default China landscape, declared by hand so that the published `.d.ts`
 * names a type instead of inlining the JSON. `chinaData: ChinaData = data` in
 * landscapes/china/index.ts checks the JSON against it at compile time.
 *
 * Every figure carries its `source` (a published figure) or `notes` (an
 * assumption or a derivation, saying so); docs/calibration.md explains how
 * each is used.
 */

/** Brand or provider id → a number (a share, a rate, a score). */
export type ByBrand = Record<string, number>;

/** Brand id → a number, for tables that name only some brands. */
export type SomeBrands = Partial<Record<string, number>>;

/** A figure with the source it was taken from. */
export interface SourcedFigure {
  value: number;
  source: string;
}

/** A value the sources do not give directly, with how it was set. */
export interface NotedFigure {
  value: number;
  notes: string;
}

/** A prior and what the parameter means. */
export interface ChinaParameter {
  /** A distribution in the scenario-file form, e.g. `{ dist: 'uniform', min: 0, max: 0.03 }`. */
  prior: { dist: string; min: number; max: number };
  note: string;
}

/** One named product line's yearly launch (fitted by scripts/fit-calendars.ts). */
export interface ChinaLaunch {
  name: string;
  /** Calendar month, 1–12. */
  month: number;
  /** Utility lift in the launch month, at typical strength. */
  lift: number;
  halfLifeMonths: number;
}

/** A step of a maker's on-device AI: from this month, this capability. */
export interface ChinaAIStep {
  /** `YYYY-MM`. */
  from: string;
  level: number;
  what: string;
}

/** The installed bases: an anchor survey rolled forward with the trackers' sales. */
export interface ChinaInstalledBase {
  anchor: { period: string; shares: ByBrand; source: string };
  /** Honor's part of the Huawei group's base at the anchor (Honor left Huawei in November 2020). */
  honorShareOfGroup: SourcedFigure;
  marketCycleMonths: { value: number; prior: { min: number; max: number }; sources: string[] };
  /** Replacement cycles by brand, months (their ratios set each brand's cycle). */
  relativeCycles: Record<string, number | string>;
  /** Published iPhones in use, millions: a check on the roll-forward, not an input. */
  iPhonesInUse: { low: number; high: number; sources: string[]; notes: string };
}

/** China's consumer-AI assistant market. */
export interface ChinaAssistantData {
  /** CNNIC's generative-AI users, millions. */
  genAIUsers: Array<{ period: string; value: number; source: string }>;
  internetUsers: SourcedFigure;
  potentialShare: NotedFigure;
  /** Provider id → monthly users, millions, January 2025. */
  monthlyUsersJan2025: Record<string, SourcedFigure & { trialFraction?: number }>;
  multiHoming: NotedFigure;
  /** QuestMobile's monthly users by period (`YYYY-MM`), millions. */
  questMobileMAU: Record<string, SomeBrands | string>;
  /** Routes to users a provider owns (a super-app's audience). */
  channels: Array<{ id: string; provider: string; audience: number; weight: number; source: string }>;
  cloudCapacityMillionsConcurrent: Record<string, number | string>;
  cloudCapacityGrowthPerMonth: number;
  peakConcurrency: number;
  bass: { p: number; q: number; notes: string };
  earlyUsers: { notes: string };
}

/** The 2025 national trade-in subsidy for phones. */
export interface ChinaSubsidy {
  source: string;
  capRMB: number;
  rate: number;
  perItemCapRMB: number;
  start: string;
  massPriceCut: NotedFigure;
  premiumPriceCut: NotedFigure;
  demandBoost: SourcedFigure;
}

/**
 * The facts and assumptions of the default China landscape
 * (`src/data/china/landscape.json`), exported as `chinaData`.
 *
 * @example
 * import { chinaData } from 'rivalsim';
 * chinaData.installedBase.anchor.source; // the QuestMobile 2020 survey
 * chinaData.subsidy2025.rate;            // 0.15
 */
export interface ChinaData {
  $comment: string;
  /** The default start, `YYYY-MM`. */
  defaultStart: string;
  /** Tracker id → what it counts. */
  trackers: Record<string, string>;
  installedBase: ChinaInstalledBase;
  /** Published repurchase rates (share of a brand's buyers who buy it again), by publication. */
  repurchaseRates: Array<{ published: string; rates: SomeBrands; source: string }>;
  /** Rates the surveys do not give (analyst assumption). */
  repurchaseAssumption: Record<string, number | string>;
  switching: { lostIPhoneUsersWentTo: ByBrand; published: string; source: string };
  premiumTier: {
    threshold: string;
    vintages: Array<{ published: string; period: string; tierShare: number; brandShares: SomeBrands; source: string }>;
  };
  /** CAICT's monthly domestic shipments, millions, by year (null where unpublished). */
  caictMonthlyUnits: Record<string, Array<number | null> | string>;
  launchCalendar: Record<string, ChinaLaunch[] | string>;
  aiRoadmap: Record<string, ChinaAIStep[] | string | { month: string; notes: string } | { month: string; makers: string[]; source: string }> & {
    genAIEraStart: { month: string; notes: string };
    r1Inside: { month: string; makers: string[]; source: string };
    source: string;
  };
  subsidy2025: ChinaSubsidy;
  /** Brand id → attribute → score on 0–1 (analyst assumption), plus `notes`. */
  phoneAttributes: Record<string, ByBrand | string>;
  providerAttributes: Record<string, ByBrand | string>;
  phoneWeights: ByBrand;
  assistantWeights: ByBrand;
  assistants: ChinaAssistantData;
  /** The landscape parameters' priors. */
  parameters: Record<string, ChinaParameter>;
  nest: { tierStickiness: number; nestDissimilarity: number; priceSensitivity: number; notes: string };
  /** Values of the parameters the data does not identify, used by `parameters: 'point'`. */
  pointValues: Record<string, number | string>;
}
