/**
 * The declared model's whole: a {@link LandscapeSpec} (agents and markets)
 * and a {@link ScenarioSpec} (a landscape, a horizon, events and custom
 * metrics). Both carry, for TypeScript only, the ids they declare (see
 * `model/ids.ts`), so that results are asked about known ids.
 */
import type { Numeric } from '../../random/distributions.js';
import type { AgentSpec } from './agents.js';
import type { EventSpec } from './events.js';
import type { MarketSpec } from './markets.js';
import type { EVENT_IDS, LANDSCAPE_IDS, LandscapeIds } from '../ids.js';

/**
 * The world at the start: agents, markets, and the calendar. `I` is, for
 * TypeScript only, the ids it declares (see `defineLandscape`; every id a
 * `string` by default).
 *
 * @example
 * const landscape = chinaLandscape(); // a LandscapeSpec<ChinaLandscapeIds>
 * landscape.start; // => '2025-01'
 */
export interface LandscapeSpec<I extends LandscapeIds = LandscapeIds> {
  /** First month, `'YYYY-MM'`. */
  start: string;
  /** All agents (ids unique). */
  agents: AgentSpec[];
  /** All markets (ids unique). */
  markets: MarketSpec[];
  /** Where the figures come from (free text, shown in reports). */
  sources?: string[];
  /**
   * Named inputs of the landscape (numbers or distributions: the
   * distributions are their priors), sampled first in each run and used by
   * expressions anywhere in the scenario, as the scenario's `parameters`
   * are (a scenario parameter of the same name replaces one of these).
   * Calibration fits them (`calibrate`).
   */
  parameters?: Record<string, Numeric>;
  /** What each landscape parameter means and where its prior comes from. */
  parameterNotes?: Record<string, string>;
  /** Type-only: the ids the landscape declares (never set at run time). */
  readonly [LANDSCAPE_IDS]?: I;
}

/**
 * A scenario: a landscape, a horizon and events. `I` and `E` are, for
 * TypeScript only, the ids of its landscape and of its declared events
 * (see `defineScenario`; every id a `string` by default), which
 * `simulate` passes on to its result.
 *
 * @example
 * const s: ScenarioSpec = {
 *   id: 'deal', landscape: chinaLandscape(), horizon: 36,
 *   events: [{ type: 'partnership', deviceMaker: 'apple', provider: 'alibaba', announceMonth: 1,
 *              approvalProbability: 0.8, reviewMonths: 4, integrationQuality: 0.85, visibility: 0.3, adoption: 0.5 }],
 * };
 */
export interface ScenarioSpec<I extends LandscapeIds = LandscapeIds, E extends string = string> {
  /** Kebab-case id. */
  id: string;
  /** Title. */
  name?: string;
  /** What the scenario assumes and why. */
  description?: string;
  /** Named parameters (numbers or distributions, sampled once per run) that expressions may use. */
  parameters?: Record<string, Numeric>;
  /** The starting world. */
  landscape: LandscapeSpec<I>;
  /** Months simulated after the start. Default 36. */
  horizon?: number;
  /** Events. */
  events?: EventSpec[];
  /** Switches for experiments: turn off random shocks (`noise: false`) or policies (`policies: false`). */
  switches?: { noise?: boolean; policies?: boolean };
  /** Custom output metrics, computed from each run's series (see {@link CustomMetricSpec}). */
  metrics?: CustomMetricSpec[];
  /** Type-only: the ids of the declared events (never set at run time). */
  readonly [EVENT_IDS]?: E;
}

/**
 * A custom output metric: an expression evaluated for each agent of
 * `market` at each step of each run, recorded beside the built-in metrics
 * (in `RunResult`, summaries and CSV). Its names are the market's metrics
 * (the agent's own value: `share`, `users`, `servedUsers`, …), `<metric>_<agent>`
 * for any agent of the market (non-alphanumerics in ids replaced by `_`),
 * `step`, and the scenario's parameters.
 *
 * @example
 * const partnerUsers: CustomMetricSpec = { id: 'partnerUsers', market: 'assistants', expr: 'servedUsers - ownUsers' };
 * const gap: CustomMetricSpec = { id: 'appleLead', market: 'phones', expr: 'share_apple - share_huawei' };
 */
export interface CustomMetricSpec {
  /** Metric name: letters, digits, `_` and `-`, starting with a letter; not a built-in metric. */
  id: string;
  /** The market whose agents it is computed for. */
  market: string;
  /** The expression (mathjs syntax, whitelisted functions only). */
  expr: string;
  /** What it measures. */
  description?: string;
}
