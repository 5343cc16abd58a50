/**
 * The outputs of one simulated world.
 */
import { RivalsimError } from '../errors.js';
import type { KnownMarket, StudyIds } from './ids.js';

/**
 * Every kind of happening a run logs (the order `result.event` lists them in).
 *
 * @example
 * EVENT_KINDS.includes('approved'); // => true
 */
export const EVENT_KINDS = ['announced', 'approved', 'rejected', 'live', 'launch', 'shock', 'entry', 'exit', 'subsidy', 'outage', 'policy'] as const;

/** What happened in a run, in order. */
export type EventLogKind = (typeof EVENT_KINDS)[number];

/**
 * One line of a run's event log.
 *
 * @example
 * // { step: 5, date: '2025-06', kind: 'approved', event: 'apple+alibaba', agent: 'apple', partner: 'alibaba' }
 */
export interface EventLogEntry {
  step: number;
  date: string;
  kind: EventLogKind;
  /** Id of the scenario event (or of the policy-made event). */
  event?: string;
  /** The agent concerned (the device maker for partnerships). */
  agent?: string;
  /** The other party of a partnership. */
  partner?: string;
  /** Free text: the policy action, the load at an outage, … */
  detail?: string;
}

/** Metrics recorded for device markets: `share` is the sales share (each market also records its flows, see {@link flowMetric}). */
export const DEVICE_METRICS = ['share', 'sales', 'installedBase', 'installedBaseShare', 'aiCapability'] as const;
/** Metrics recorded for assistant markets: `share` is the share of use; `users` are monthly users credited to the brand. */
export const ASSISTANT_METRICS = ['share', 'users', 'ownUsers', 'trialUsers', 'servedUsers', 'load', 'outages', 'aiCapability'] as const;

/** Prefix of the flow metrics of device markets: `flow:<from>` for agent `to` is the buyers moving from `from` to `to`, millions a month. */
export const FLOW_PREFIX = 'flow:';

/**
 * The flow metric of buyers coming from agent `from`.
 *
 * @example
 * flowMetric('apple'); // => 'flow:apple'
 */
export function flowMetric(from: string): string {
  return FLOW_PREFIX + from;
}

/**
 * The unit of each built-in metric, declared once: what the numbers of the
 * summaries, CSV and charts are counted in. Shares and flags are fractions
 * (0–1); people and phones are counted in millions; flows and sales in
 * millions a month (one step is a month).
 */
export const METRIC_UNITS: Readonly<Record<string, string>> = {
  share: 'fraction',
  sales: 'million units/month',
  installedBase: 'million users',
  installedBaseShare: 'fraction',
  aiCapability: 'index',
  users: 'million users',
  ownUsers: 'million users',
  trialUsers: 'million users',
  servedUsers: 'million users',
  load: 'ratio (demand/capacity)',
  outages: 'flag (0/1)',
};

/** The unit of the flow metrics (`flow:<from>`): buyers, millions a month. */
export const FLOW_UNIT = 'million buyers/month';

/**
 * The unit of a metric: that of a built-in metric (see {@link METRIC_UNITS},
 * flows included), or `''` for a custom metric (an expression: its unit is
 * whatever its expression makes it).
 *
 * @example
 * metricUnit('share'); // => 'fraction'
 * metricUnit('flow:apple'); // => 'million buyers/month'
 * metricUnit('appleLead'); // => ''
 */
export function metricUnit(metric: string): string {
  if (metric.startsWith(FLOW_PREFIX)) return FLOW_UNIT;
  return Object.prototype.hasOwnProperty.call(METRIC_UNITS, metric) ? METRIC_UNITS[metric] : '';
}

/**
 * Whether `metric` is a built-in metric of a market of `kind` (flows included).
 *
 * @example
 * isBuiltInMetric('devices', 'flow:apple'); // => true
 * isBuiltInMetric('assistants', 'sales'); // => false
 */
export function isBuiltInMetric(kind: 'devices' | 'assistants', metric: string): boolean {
  if (kind === 'devices') return (DEVICE_METRICS as readonly string[]).includes(metric) || metric.startsWith(FLOW_PREFIX);
  return (ASSISTANT_METRICS as readonly string[]).includes(metric);
}

/**
 * One market's series: for each metric a flat array, agent-major:
 * `data[metric][slot * (horizon + 1) + step]`.
 */
export interface MarketSeries {
  id: string;
  name: string;
  kind: 'devices' | 'assistants';
  /** Agent ids, in slot order. */
  agents: string[];
  /** Metric names, `share` first. */
  metrics: readonly string[];
  data: Record<string, Float64Array>;
}

/**
 * The result of one run: per market, metric, agent and month, plus the event
 * log and the sampled uncertain inputs.
 *
 * Device markets record `share` (sales share), `sales` (units, millions),
 * `installedBase` (users, millions), `installedBaseShare`,
 * `aiCapability` (effective, own or partner's) and, for every participant
 * `k`, `flow:k` (buyers who replaced a phone of `k` and bought this agent's,
 * millions a month). Assistant markets record `share` (share of use),
 * `users` (monthly users credited to the brand), `ownUsers` (monthly users
 * of its own app/assistant), `trialUsers` (of them, still on trial),
 * `servedUsers` (all users its cloud serves, partners' included), `load`
 * (concurrent demand / capacity), `outages` (1 in an outage month) and
 * `aiCapability` (after service quality).
 *
 * @example
 * const r = runScenario(scenario, { seed: 1 });
 * r.series('phones', 'share', 'apple')[0]; // => 0.15... (January 2025)
 * r.at('assistants', 'users', 'alibaba', 12); // users a year in
 *
 * `I` are the ids of its scenario (see `model/ids.ts`): with a bundled
 * scenario, or one from `defineScenario`, TypeScript completes markets,
 * metrics and agents and rejects unknown ones; otherwise they are strings.
 */
export class RunResult<I extends StudyIds = StudyIds> {
  /** The inputs' record, or (a world's view) how to build it when first read. */
  #inputs: Readonly<Record<string, number>> | (() => Readonly<Record<string, number>>);

  constructor(
    /** Scenario id. */
    readonly scenario: string,
    /** `'YYYY-MM'` of step t. */
    readonly dates: readonly string[],
    /** Series per market. */
    readonly markets: readonly (MarketSeries & KnownMarket<I>)[],
    /** What happened, in order. */
    readonly events: readonly EventLogEntry[],
    /** Sampled values of the uncertain inputs, by declaration path; or a function that builds them when first read. */
    inputs: Readonly<Record<string, number>> | (() => Readonly<Record<string, number>>),
  ) {
    this.#inputs = inputs;
  }

  /**
   * Sampled values of the uncertain inputs, by declaration path, in the
   * order the run drew them (built on first read when the run was made
   * without them).
   *
   * @example
   * runScenario(scenario, { seed: 1 }).inputs['events[0].reviewMonths']; // => 4.2…
   */
  get inputs(): Readonly<Record<string, number>> {
    const inputs = this.#inputs;
    return typeof inputs === 'function' ? (this.#inputs = inputs()) : inputs;
  }

  /**
   * A deep copy (series, log and inputs).
   *
   * @example
   * const kept = result.clone();
   */
  clone(): RunResult<I> {
    return new RunResult<I>(
      this.scenario, this.dates,
      this.markets.map((m) => ({ ...m, metrics: [...m.metrics], data: Object.fromEntries(Object.entries(m.data).map(([k, v]) => [k, v.slice()])) })),
      this.events.map((e) => ({ ...e })), { ...this.inputs },
    );
  }

  /** Months simulated after the start. */
  get horizon(): number {
    return this.dates.length - 1;
  }

  /** The market called `id`; throws with the known ids otherwise. */
  market(id: I['markets']): MarketSeries {
    const m = this.markets.find((x) => x.id === id);
    if (!m) throw new RivalsimError('Unknown market', 'market', id, `one of ${this.markets.map((x) => x.id).join(', ')}`);
    return m;
  }

  /**
   * The series of one metric of one agent, steps 0 … horizon (a view, not a copy).
   *
   * @example
   * result.series('phones', 'share', 'apple').length; // => horizon + 1
   */
  series(market: I['markets'], metric: I['metrics'], agent: I['agents']): Float64Array {
    const m = this.market(market);
    const slot = m.agents.indexOf(agent);
    if (slot < 0) throw new RivalsimError(`Unknown agent in "${market}"`, 'agent', agent, `one of ${m.agents.join(', ')}`);
    const data = m.data[metric];
    if (!data) throw new RivalsimError(`Unknown metric in "${market}"`, 'metric', metric, `one of ${m.metrics.join(', ')}`);
    const len = this.dates.length;
    return data.subarray(slot * len, (slot + 1) * len);
  }

  /**
   * One value: metric of agent at step.
   *
   * @example
   * result.at('phones', 'share', 'apple', 0); // => 0.15...
   */
  at(market: I['markets'], metric: I['metrics'], agent: I['agents'], step: number): number {
    return this.series(market, metric, agent)[step];
  }

  /**
   * The headline shares of a market at a step, as `{ agent: share }`.
   *
   * @example
   * result.shares('phones', 36); // => { apple: 0.14..., huawei: 0.17..., … }
   */
  shares(market: I['markets'], step = this.horizon): Record<string, number> {
    const m = this.market(market);
    return Object.fromEntries(m.agents.map((a) => [a, this.at(market, 'share', a, step)]));
  }
}
