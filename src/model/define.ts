/**
 * `defineLandscape` and `defineScenario`: a landscape or scenario written
 * as an object literal, returned as it is, typed with the ids it declares
 * so that its results complete and check them (see `model/ids.ts`).
 */
import type { BuiltInMetrics, EVENT_IDS, LANDSCAPE_IDS, LandscapeIds } from './ids.js';
import type { CustomMetricSpec, EventSpec, LandscapeSpec, ScenarioSpec } from './types.js';

/** The metrics of the markets of a landscape literal: each market's built-in metrics and flows. */
type MarketMetrics<M> = M extends { kind: infer K extends 'devices' | 'assistants'; participants: ReadonlyArray<{ agent: infer A extends string }> }
  ? BuiltInMetrics<K, A>
  : never;

/**
 * The ids a landscape literal declares: its markets, its agents, the
 * metrics of its markets.
 *
 * @example
 * type Ids = DeclaredLandscapeIds<typeof literal>; // { markets: 'phones'; agents: 'a' | 'b'; metrics: 'share' | … | 'flow:a' | 'flow:b' }
 */
type DeclaredLandscapeIds<L extends LandscapeSpec> = {
  markets: L['markets'][number]['id'];
  agents: L['agents'][number]['id'];
  metrics: MarketMetrics<L['markets'][number]>;
};

/**
 * The ids of a landscape: those it carries (a landscape from
 * `chinaLandscape` or `defineLandscape`), else those its literal declares
 * (every id a `string` when it declares none as literals).
 *
 * @example
 * type Ids = LandscapeIdsOf<ReturnType<typeof chinaLandscape>>; // => ChinaLandscapeIds
 */
export type LandscapeIdsOf<L extends LandscapeSpec> =
  NonNullable<L[typeof LANDSCAPE_IDS]> extends infer I extends LandscapeIds
    ? string extends I['agents'] ? DeclaredLandscapeIds<L> : I
    : DeclaredLandscapeIds<L>;

/** The events of a scenario literal. */
type EventsOf<S extends ScenarioSpec> = S['events'] extends ReadonlyArray<infer V extends EventSpec> ? V : never;

/**
 * The ids of the events a scenario literal declares: their `id`s when each
 * event has one, `string` otherwise (a default id is made at compile time).
 *
 * @example
 * type E = EventIdsOf<typeof deal>; // => 'crash'
 */
export type EventIdsOf<S extends ScenarioSpec> =
  NonNullable<S[typeof EVENT_IDS]> extends infer E extends string
    ? string extends E ? DeclaredEventIds<EventsOf<S>> : E
    : DeclaredEventIds<EventsOf<S>>;

/** `id` of each event, or `string` if one has none. */
type DeclaredEventIds<V> = [V] extends [never] ? never : V extends { id: infer Id extends string } ? Id : string;

/**
 * The landscape ids of a scenario literal: its landscape's, with the
 * scenario's custom metrics and the agents its entry events bring in.
 *
 * @example
 * type M = ScenarioLandscapeIdsOf<typeof deal>['metrics']; // => 'share' | … | 'appleLead'
 */
export type ScenarioLandscapeIdsOf<S extends ScenarioSpec> = {
  markets: LandscapeIdsOf<S['landscape']>['markets'];
  agents: LandscapeIdsOf<S['landscape']>['agents'] | Extract<EventsOf<S>, { type: 'entry' }>['agent'];
  metrics: LandscapeIdsOf<S['landscape']>['metrics'] | CustomMetricIds<S['metrics']>;
};

/** The ids of a scenario literal's custom metrics. */
type CustomMetricIds<C> = C extends ReadonlyArray<infer M extends CustomMetricSpec> ? M['id'] : never;

/**
 * A landscape written as a literal, typed with the ids it declares: its
 * agents, its markets and their metrics (built-in, and a flow from each
 * participant of a device market). Returns the same object (a type-only
 * helper: nothing is checked or copied; the landscape is validated when a
 * scenario using it is compiled).
 *
 * @example
 * const duopoly = defineLandscape({
 *   start: '2025-01',
 *   agents: [{ id: 'a', name: 'A', roles: ['deviceMaker'] }, { id: 'b', name: 'B', roles: ['deviceMaker'] }],
 *   markets: [{ kind: 'devices', id: 'phones', name: 'Phones', unitsPerYear: 100, replacementCycleMonths: 36, weights: { brand: 1 },
 *               participants: [{ agent: 'a', initialShare: 0.6 }, { agent: 'b', initialShare: 0.4 }] }],
 * });
 * // (await simulate({ id: 's', landscape: duopoly }, o)).stat('phones', 'share', 'c'); // a compile error: no agent 'c'
 */
export function defineLandscape<const L extends LandscapeSpec>(landscape: L): LandscapeSpec<LandscapeIdsOf<L>> {
  return landscape as unknown as LandscapeSpec<LandscapeIdsOf<L>>;
}

/**
 * A scenario written as a literal, typed with the ids it declares: its
 * landscape's (see {@link defineLandscape}; a bundled landscape's as
 * declared), its entrants, its custom metrics and its events' ids.
 * Returns the same object (a type-only helper).
 *
 * @example
 * const deal = defineScenario({ id: 'deal', landscape: chinaLandscape(), events: [{ type: 'shock', id: 'crash', agents: ['apple'], change: -1, month: 3 }] });
 * (await simulate(deal, o)).event('shock', 'crash'); // 'crash' completes; event('shock', 'crsh') does not compile
 */
export function defineScenario<const S extends ScenarioSpec>(scenario: S): ScenarioSpec<ScenarioLandscapeIdsOf<S>, EventIdsOf<S>> {
  return scenario as unknown as ScenarioSpec<ScenarioLandscapeIdsOf<S>, EventIdsOf<S>>;
}
