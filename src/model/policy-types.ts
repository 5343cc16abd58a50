/**
 * Policies: what agents do. A policy observes the state each step (or every
 * `every` steps) and returns actions. It keeps any memory it needs in the
 * `memory` object it is handed, which belongs to one agent in one run, so the
 * same policy object can serve many runs in parallel.
 */
import type { RampSpec } from './types.js';

/**
 * What an agent sees of one market it takes part in, at the end of the previous month.
 *
 * @example
 * // inside a policy: obs.markets.find((m) => m.market === 'phones')?.share // => 0.155
 */
export interface MarketView {
  market: string;
  kind: 'devices' | 'assistants';
  /** Headline share (sales share for devices, usage share for assistants). */
  share: number;
  /** Share change over the last 3 months, seasonally adjusted where product cycles make shares seasonal. */
  shareChange: number;
  /**
   * Recent shares, newest first: `shareHistory[k]` is the share k months ago
   * (up to 12, fewer near the start), seasonally adjusted to this month's season.
   */
  shareHistory: number[];
  /** 1 for the leader. */
  rank: number;
  /** Installed base (devices) or credited users (assistants), millions. */
  users: number;
  /** Its effective AI capability in this market. */
  aiCapability: number;
  /** The best effective AI capability among its active rivals. */
  bestRivalAI: number;
  /** Whether it is active in the market. */
  active: boolean;
}

/** A partnership as agents see it. */
export interface PartnershipView {
  id: string;
  deviceMaker: string;
  provider: string;
  /** `planned`: declared in the scenario, not yet announced (only its parties see it). */
  status: 'planned' | 'announced' | 'approved' | 'rejected' | 'live';
}

/**
 * A partnership proposed by a device maker's policy, as the provider sees it.
 *
 * @example
 * // { deviceMaker: 'apple', provider: 'alibaba', terms: { approvalProbability: 0.8, … } }
 */
export interface PartnershipOffer {
  deviceMaker: string;
  provider: string;
  terms: PartnershipTerms;
}

/** An AI provider as others see it (for choosing partners). */
export interface ProviderView {
  id: string;
  aiCapability: number;
  regulatoryFit: number;
  privacyTrust: number;
  /** Device markets where the provider also sells devices (a rival there). */
  deviceMarkets: string[];
}

/**
 * Everything a policy observes. The object is reused from step to step:
 * read it during `decide`, and copy what you want to keep.
 *
 * @example
 * const obs: Observation = world.observe('apple');
 * obs.step; // => 0
 */
export interface Observation {
  step: number;
  /** `'YYYY-MM'` of the month being decided. */
  date: string;
  agent: string;
  roles: ReadonlyArray<'deviceMaker' | 'aiProvider'>;
  /** Its own AI capability (without partners). */
  ownAICapability: number;
  /** Markets it takes part in. */
  markets: MarketView[];
  /** Partnerships it is part of. */
  partnerships: PartnershipView[];
  /** All AI providers other than itself. */
  providers: ProviderView[];
  /** Its AI launches not yet happened. */
  pendingLaunches: Array<{ id: string; month: number }>;
}

/**
 * Terms of a partnership a policy proposes.
 *
 * @example
 * const t: PartnershipTerms = { approvalProbability: 0.7, reviewMonths: 4, goLiveDelayMonths: 1,
 *   integrationQuality: 0.8, privacyCap: 1, visibility: 0.5, adoption: 0.4, ramp: { kind: 'linear', months: 6 } };
 */
export interface PartnershipTerms {
  approvalProbability: number;
  reviewMonths: number;
  goLiveDelayMonths: number;
  integrationQuality: number;
  privacyCap: number;
  visibility: number;
  adoption: number;
  ramp: RampSpec;
}

/**
 * An action a policy may take.
 *
 * @example
 * const a: PolicyAction = { kind: 'cutPrice', market: 'phones', utility: 0.15, halfLifeMonths: 4 };
 */
export type PolicyAction =
  /** A price cut: a utility lift in a market (all its markets when absent), decaying. */
  | { kind: 'cutPrice'; market?: string; utility: number; halfLifeMonths?: number }
  /** Invest in AI: capability rises by `gain`, linearly over `months`. */
  | { kind: 'investAI'; gain: number; months: number }
  /** Pull a pending launch or go-live forward by `months` (not before now). */
  | { kind: 'accelerate'; event: string; months: number }
  /** Announce a partnership with `provider` (terms default to the policy's). */
  | { kind: 'seekPartner'; provider: string; terms?: Partial<PartnershipTerms> };

/**
 * A policy: called every `every` steps (default 1) with the agent's
 * observation and a per-run memory object; returns actions (or nothing).
 *
 * @example
 * const cutWhenBelow10: Policy = {
 *   name: 'cut-below-10',
 *   decide(obs) {
 *     const phones = obs.markets.find((m) => m.market === 'phones');
 *     return phones && phones.share < 0.1 ? [{ kind: 'cutPrice', market: 'phones', utility: 0.1 }] : [];
 *   },
 * };
 */
export interface Policy {
  /** Name shown in the event log. */
  name: string;
  /** Call every this many steps (default 1). */
  every?: number;
  /** Decide this step's actions. */
  decide(obs: Observation, memory: Record<string, unknown>): PolicyAction[] | void;
  /**
   * Providers: accept a partnership a device maker's policy proposes?
   * Absent means accept. Declared scenario partnerships are already agreed.
   */
  acceptPartnership?(offer: PartnershipOffer, obs: Observation, memory: Record<string, unknown>): boolean;
}

/**
 * Declarative form of the default policies, for scenario files.
 *
 * @example
 * const p: PolicySpec = { kind: 'seekPartner', byMonth: 6, minRegulatoryFit: 0.6 };
 */
export type PolicySpec =
  | ({ kind: 'defendShare' } & DefendShareOptions)
  | ({ kind: 'seekPartner' } & SeekPartnerOptions)
  | ({ kind: 'accelerateAI' } & AccelerateAIOptions)
  | { kind: 'passive' };

/** Options of the defend-share policy. */
export interface DefendShareOptions {
  /** Market to defend (default: every market it is in). */
  market?: string;
  /** Act when share fell by at least this much (absolute) over `lookbackMonths`. Default 0.01. */
  dropThreshold?: number;
  /** Months to look back, 1–12. Default 3. */
  lookbackMonths?: number;
  /** Utility lift of the price cut. Default 0.15. */
  utility?: number;
  /** Half-life of the cut's effect. Default 4. */
  halfLifeMonths?: number;
  /** Months before it may cut again. Default 6. */
  cooldownMonths?: number;
}

/** Options of the seek-partner policy. */
export interface SeekPartnerOptions {
  /** Seek from this month on if still without AI. Default 6. */
  byMonth?: number;
  /** Only providers whose regulatory fit is at least this. Default 0.6. */
  minRegulatoryFit?: number;
  /** Below this own AI capability the agent counts as "without AI". Default 0.05. */
  minAICapability?: number;
  /** Terms it proposes; approval probability defaults to the provider's regulatory fit. */
  terms?: Partial<PartnershipTerms>;
  /** Consider providers that sell devices in the same market (rivals). Default false. */
  allowRivals?: boolean;
}

/** Options of the accelerate-AI policy. */
export interface AccelerateAIOptions {
  /**
   * The market whose rivals it compares with. Default: the device markets
   * it sells in (a phone's AI against rival phones'); an agent that sells
   * no devices compares in its assistant markets.
   */
  market?: string;
  /** Act when behind the best rival by more than this. Default 0.1. */
  gap?: number;
  /** Capability invested when no launch is pending. Default 0.05. */
  gain?: number;
  /** Months over which the investment ramps. Default 6. */
  months?: number;
  /** Months a pending launch is pulled forward. Default 2. */
  pullForwardMonths?: number;
  /** Months before acting again. Default 6. */
  cooldownMonths?: number;
}
