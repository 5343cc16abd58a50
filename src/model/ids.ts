/**
 * Ids as types: which markets, agents, metrics and events a landscape or a
 * scenario declares, so that TypeScript completes them and rejects an
 * unknown one (`result.stat('phones', 'share', 'nokia')`) before run time.
 *
 * A landscape or scenario carries its ids in a type-only property (keyed
 * by {@link LANDSCAPE_IDS} or {@link EVENT_IDS}, never set at run time).
 * The bundled China landscape and scenarios declare theirs;
 * `defineLandscape` and `defineScenario` infer them from an object
 * literal; any other spec has the wide {@link LandscapeIds} (every id a
 * `string`), so code that builds ids at run time keeps compiling.
 */
import type { ASSISTANT_METRICS, DEVICE_METRICS } from './result.js';

/**
 * Key of the type-only property holding the ids a {@link LandscapeSpec}
 * declares (the property is never set: only its type is read).
 *
 * @example
 * type Ids = NonNullable<LandscapeSpec<ChinaLandscapeIds>[typeof LANDSCAPE_IDS]>; // => ChinaLandscapeIds
 */
export const LANDSCAPE_IDS: unique symbol = Symbol('rivalsim.landscapeIds');

/**
 * Key of the type-only property holding the event ids a {@link ScenarioSpec}
 * declares (the property is never set: only its type is read).
 *
 * @example
 * type E = NonNullable<(typeof scenarios)['baseline'][typeof EVENT_IDS]>; // => 'apple+alibaba' | 'launch:deepseek-r1' | …
 */
export const EVENT_IDS: unique symbol = Symbol('rivalsim.eventIds');

/**
 * The ids of a landscape: its markets, its agents, and the metrics its
 * markets record. The wide default (every id a `string`) is what a spec
 * without declared ids has. Results take any known market, metric and
 * agent together (a metric or agent of another market type-checks and is
 * rejected at run time), so that loops over `result.markets` and their
 * agents keep compiling.
 *
 * @example
 * type Ids = { markets: 'phones'; agents: 'a' | 'b'; metrics: DeviceMetric | 'flow:a' | 'flow:b' };
 */
export interface LandscapeIds {
  /** Every market's id. */
  markets: string;
  /** Every agent's id. */
  agents: string;
  /** Every metric of its markets (built-in, flows, custom). */
  metrics: string;
}

/**
 * The ids a study's results answer about: a landscape's, and the events its
 * scenario declares.
 *
 * @example
 * const result: SimulationResult<StudyIds> = await simulate(spec, { runs: 100, seed: 1 }); // any ids
 */
export interface StudyIds extends LandscapeIds {
  /** Ids of the declared events. */
  events: string;
}

/**
 * The study ids of a landscape's ids `L` and event ids `E`.
 *
 * @example
 * type Baseline = StudyIdsOf<ChinaLandscapeIds, 'apple+alibaba'>;
 */
export type StudyIdsOf<L extends LandscapeIds, E extends string> = { markets: L['markets']; agents: L['agents']; metrics: L['metrics']; events: E };

/**
 * A market of a result with the ids of `I` (what `result.markets` lists):
 * a layout whose `id`, `agents` and `metrics` can be passed back to the
 * result's lookups.
 *
 * @example
 * for (const m of result.markets) for (const a of m.agents) result.stat(m.id, 'share', a);
 */
export type KnownMarket<I extends LandscapeIds> = { id: I['markets']; agents: readonly I['agents'][]; metrics: readonly I['metrics'][] };

/** A built-in metric of device markets (flows apart: `flow:<agent>`). */
export type DeviceMetric = (typeof DEVICE_METRICS)[number];

/** A built-in metric of assistant markets. */
export type AssistantMetric = (typeof ASSISTANT_METRICS)[number];

/**
 * The built-in metrics of a market of kind `K` whose agents are `A`
 * (device markets: also the flows from each agent).
 *
 * @example
 * type M = BuiltInMetrics<'devices', 'a' | 'b'>; // => DeviceMetric | 'flow:a' | 'flow:b'
 */
export type BuiltInMetrics<K extends 'devices' | 'assistants', A extends string> = K extends 'devices' ? DeviceMetric | `flow:${A}` : AssistantMetric;

/** The kinds of happening `result.event` counts by event id; the deal kinds are those of partnerships. */
export type DealEventKind = 'announced' | 'approved' | 'rejected' | 'live';

/**
 * The arguments of `result.event(kind, event, agent, policy)`: a kind and
 * what it is counted by. Deal kinds take a declared partnership, a deal a
 * policy made (`maker+provider@month`) or a pair (`maker+provider`, all of
 * those); `launch` a declared launch or an AI investment
 * (`invest:agent@month`); `outage` an agent; `policy` an agent and its
 * policy's name. With wide ids (`string`), any kind is accepted as well.
 *
 * @example
 * const q: EventQuery<ChinaStudyIds> = ['outage', undefined, 'alibaba'];
 */
export type EventQuery<I extends StudyIds> =
  | [kind: DealEventKind, event: I['events'] | `${I['agents']}+${I['agents']}` | `${I['agents']}+${I['agents']}@${number}`]
  | [kind: 'launch', event: I['events'] | `invest:${I['agents']}@${number}`]
  | [kind: 'shock' | 'entry' | 'exit' | 'subsidy', event: I['events']]
  | [kind: 'outage', event: undefined, agent: I['agents']]
  | [kind: 'policy', event: undefined, agent: I['agents'], policy: string]
  | (string extends I['agents'] ? [kind: string, event?: string, agent?: string, policy?: string] : never);

/**
 * The ids shared by two studies (what a comparison of them covers).
 *
 * @example
 * type Both = SharedIds<BaselineIds, AppleBaiduIds>['events']; // the event ids both declare
 */
export type SharedIds<A extends StudyIds, B extends StudyIds> = {
  markets: A['markets'] & B['markets'];
  agents: A['agents'] & B['agents'];
  metrics: A['metrics'] & B['metrics'];
  events: A['events'] & B['events'];
};
