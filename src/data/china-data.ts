/**
 * The shape of `china-2025.json`, the calibration figures of the default
 * China landscape, declared by hand so that the published `.d.ts` names a
 * type instead of inlining the JSON (a declaration file may not carry
 * initializers). `chinaData: ChinaData = data` in landscapes/china.ts checks
 * the JSON against it at compile time.
 */

/** The phone-share trackers the landscape can be calibrated on. */
export type ChinaTracker = 'counterpoint-2024' | 'canalys-2024' | 'idc-2023';

/** A figure with the source it was taken from. */
export interface SourcedFigure {
  value: number;
  source: string;
}

/** One tracker's annual phone shares by brand (fractions of units). */
export interface TrackerShares {
  /** The tracker and what it counts (sell-through or sell-in). */
  tracker: string;
  year: number;
  /** The market's size that year, millions of units, where the tracker gives it. */
  totalUnitsMillions?: number;
  /** Brand id → share of units. */
  shares: Record<string, number>;
  source: string;
  notes?: string;
}

/** Figures of China's smartphone market. */
export interface ChinaSmartphoneData {
  annualShares: Record<ChinaTracker, TrackerShares>;
  units: {
    totalUnitsMillions2024: number;
    source: string;
    quarterlyUnitsMillions2024: { Q1: number; Q2: number; Q3: number; Q4: number };
    quarterlyNotes: string;
  };
  /** Apple's quarterly and annual shares (IDC), and its Q4 share over its annual share. */
  appleQuarterly: {
    source: string;
    shares: Record<string, number>;
    annual: Record<string, number>;
    q4OverAnnual: Record<string, number | string>;
  };
  /** Apple's Q4 2024 unit change year on year, by tracker. */
  appleQ4YoY: Record<string, number | string>;
  installedBaseMillions: { apple: { low: number; high: number; default: number; sources: string[] } };
  replacementCycleMonths: {
    chinaMobile2020: Record<string, number | string>;
    recent: { value: number; sources: string[] };
    prior: { min: number; max: number };
  };
  /** Share of a brand's buyers who buy the same brand again, by survey; each with its `source`. */
  repurchaseRate: {
    questMobile2023: Record<string, number | string>;
    questMobile2021: Record<string, number | string>;
    lostIPhoneUsersWentTo: Record<string, number | string>;
  };
  genAICapableShare2024: { world: number; chinaExpected: number; source: string };
}

/** Figures of China's consumer-AI assistant market. */
export interface ChinaAssistantData {
  genAIUsersMillions: Record<string, SourcedFigure>;
  internetUsersMillions: SourcedFigure;
  /** Provider id → monthly users, millions, January 2025. */
  monthlyUsersMillionsJan2025: Record<string, SourcedFigure>;
  erniePenetrationJune2024: SourcedFigure;
}

/** Bass diffusion coefficients from the literature. */
export interface ChinaDiffusionData {
  bassAnnualAverage: { p: number; q: number; qRange: number[]; source: string };
  bassCellPhones: { p: number; q: number; source: string };
}

/** Values the sources do not give (analyst judgement), used by the default landscape. */
export interface ChinaAssumptions {
  $comment: string;
  /** Agent id → attribute scores on 0–1. */
  attributes: Record<string, Record<string, number>>;
  phoneWeights: Record<string, number>;
  assistantWeights: Record<string, number>;
  repurchaseHonorAndOthers: { value: number; notes: string };
  assistantReconsiderationRate: number;
  assistantLoyalty: number;
  assistantPotentialShareOfInternetUsers: number;
  peakConcurrency: number;
  /** Provider id → cloud capacity, millions of concurrent users. */
  cloudCapacityMillionsConcurrent: Record<string, number>;
  cloudCapacityGrowthPerMonth: number;
  appleProductCycle: { launchMonth: number; lift: number; halfLifeMonths: number; targetQ4OverAnnual: number; notes: string };
  shockProcess: { persistence: number; sd: number };
  /** Device maker id → the assistant provider its phones ship with. */
  defaultAssistants: Record<string, string>;
}

/**
 * The calibration figures shipped with rivalsim, with their sources
 * (`src/data/china-2025.json`).
 *
 * @example
 * chinaData.smartphones.annualShares['counterpoint-2024'].shares.apple; // => 0.155
 */
export interface ChinaData {
  $comment: string;
  /** The first simulated month, `'2025-01'`. */
  start: string;
  smartphones: ChinaSmartphoneData;
  assistants: ChinaAssistantData;
  diffusion: ChinaDiffusionData;
  assumptions: ChinaAssumptions;
}
